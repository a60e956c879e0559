# Independent reference texts of the development corpus (not Vanban's extraction).
import sys, os, subprocess, zipfile, re
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
SRC = sys.argv[1]; OUT = sys.argv[2]
scanned = set(); broken = {"cv-3036-sct-kho-mong-sen.pdf","kh-1105-dkt-kiem-tra-vlncn.pdf","pc-466-vp-no-min-ngoi-nhu.pdf","qd-1050-sct-kiem-tra-vlncn.pdf","tb-1894-sct-kiem-tra-vlncn.pdf"}
for line in open(os.path.join(os.path.dirname(SRC), "MANIFEST.tsv"), encoding="utf-8").read().splitlines()[1:]:
    f = line.split("\t")
    if f[-1] == "scanned": scanned.add(os.path.basename(f[0]))
def docx_text(path):
    d = Document(path); out = []
    def walk(parent):
        for child in parent.element.body.iterchildren() if hasattr(parent, "element") else []:
            pass
    body = d.element.body
    for el in body.iterchildren():
        tag = el.tag.split('}')[1]
        if tag == 'p':
            out.append(Paragraph(el, d).text)
        elif tag == 'tbl':
            t = Table(el, d)
            for row in t.rows:
                cells = []
                for c in row.cells:
                    tx = " ".join(p.text for p in c.paragraphs).strip()
                    if not cells or cells[-1] != tx: cells.append(tx)
                out.append(" | ".join(cells))
    return "\n".join(out)
for name in sorted(os.listdir(SRC)):
    path = os.path.join(SRC, name); stem, ext = os.path.splitext(name)
    dest = os.path.join(OUT, stem + ".txt")
    if os.path.exists(dest): continue
    try:
        if ext == ".docx": text = docx_text(path)
        elif ext == ".doc": text = subprocess.run(["antiword", "-w", "0", path], capture_output=True, text=True).stdout
        elif ext == ".pdf":
            if name in scanned or name in broken:
                tmp = f"/tmp/ocr_{stem}"; os.makedirs(tmp, exist_ok=True)
                subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", path, f"{tmp}/p"], check=True)
                parts = []
                for png in sorted(os.listdir(tmp)):
                    parts.append(subprocess.run(["tesseract", f"{tmp}/{png}", "-", "-l", "vie"], capture_output=True, text=True).stdout)
                text = "\n".join(parts)
            else:
                text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
        else: continue
        open(dest, "w", encoding="utf-8").write(text)
        print("ok", name, len(text))
    except Exception as e:
        print("FAIL", name, e)
