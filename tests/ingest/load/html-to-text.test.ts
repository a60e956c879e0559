import { describe, expect, it } from "vitest";
import { htmlToText } from "../../../ingest/load/html-to-text.js";

describe("htmlToText", () => {
  it.each([
    {
      name: "paragraphs are separated by a blank line",
      html: "<p>Ngày 17/9/2021, Chủ tịch UBND tỉnh tổ chức buổi làm việc.</p><p>Trong 8 tháng đầu năm 2021, tập thể lãnh đạo...</p>",
      expected: "Ngày 17/9/2021, Chủ tịch UBND tỉnh tổ chức buổi làm việc.\n\nTrong 8 tháng đầu năm 2021, tập thể lãnh đạo...",
    },
    {
      name: "bold and italics never become Markdown",
      html: "<p><strong>THÔNG BÁO</strong></p><p><em>Bắc Giang, ngày tháng 9 năm 2021</em></p>",
      expected: "THÔNG BÁO\n\nBắc Giang, ngày tháng 9 năm 2021",
    },
    {
      name: "headings are paragraphs of their own",
      html: "<h1>Điều 1. Phạm vi điều chỉnh</h1>Văn bản này quy định<h2>Điều 2</h2>",
      expected: "Điều 1. Phạm vi điều chỉnh\n\nVăn bản này quy định\n\nĐiều 2",
    },
    {
      name: "bullet items each on their own line",
      html: "<p>Nơi nhận:</p><ul><li>TT Tỉnh ủy, TT HĐND tỉnh;</li><li>Lưu: VT, NC(D).</li></ul>",
      expected: "Nơi nhận:\n\n- TT Tỉnh ủy, TT HĐND tỉnh;\n- Lưu: VT, NC(D).",
    },
    {
      name: "ordered lists honour start and type",
      html: '<ol type="I" start="3"><li>Nhiệm vụ trọng tâm</li><li>Tổ chức thực hiện</li></ol><ol type="a"><li>Công tác tổ chức</li></ol>',
      expected: "III. Nhiệm vụ trọng tâm\nIV. Tổ chức thực hiện\n\na. Công tác tổ chức",
    },
    {
      name: "paragraphs inside a list item stay lines of that item",
      html: "<ol><li><p>Nhiệm vụ chung</p><p>Tập trung rà soát</p></li></ol>",
      expected: "1. Nhiệm vụ chung\nTập trung rà soát",
    },
    {
      name: "a data table keeps its header row and writes each row under its column names",
      html: "<table><tr><th>STT</th><th>Nội dung</th><th>Thời hạn</th></tr><tr><td>1</td><td><p>Báo cáo</p><p>quý I</p></td><td>30/6/2024</td></tr><tr><td></td><td></td><td></td></tr></table>",
      expected: "STT | Nội dung | Thời hạn\nSTT: 1; Nội dung: Báo cáo quý I; Thời hạn: 30/6/2024",
    },
    {
      name: "a small two-column layout table becomes paragraphs, cell by cell",
      html: "<table><tr><td><p>ỦY BAN NHÂN DÂN</p><p>TỈNH BẮC GIANG</p></td><td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p></td></tr><tr><td>Số: 12/TB-UBND</td><td>Bắc Giang, ngày 20 tháng 9 năm 2021</td></tr></table>",
      expected:
        "ỦY BAN NHÂN DÂN\n\nTỈNH BẮC GIANG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 12/TB-UBND\n\nBắc Giang, ngày 20 tháng 9 năm 2021",
    },
    {
      name: "script, style, head and hidden elements are dropped",
      html: '<html><head><title>Cổng thông tin</title><style>p{color:red}</style></head><body><script>var x = "<p>not text</p>";</script><p>Nội dung chính</p><div style="display: none">ẩn</div><p hidden>ẩn</p></body></html>',
      expected: "Nội dung chính",
    },
    {
      name: "entities are decoded and white space collapses",
      html: "<p>Sở&nbsp;Nội&nbsp;vụ &amp; Sở Tài chính\n   phối hợp &lt;theo dõi&gt; &#7879;</p>",
      expected: "Sở Nội vụ & Sở Tài chính phối hợp <theo dõi> ệ",
    },
    {
      name: "br is a line break inside a paragraph",
      html: "<p>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH<br/><br/>Nguyễn Văn A</p>",
      expected: "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A",
    },
    {
      name: "pre keeps its white space",
      html: "<pre>Cột 1   Cột 2\nA       B</pre>",
      expected: "Cột 1   Cột 2\nA       B",
    },
    {
      name: "mammoth footnotes become [^N] with definitions at the end",
      html: '<p>Theo Nghị định số 10<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup> của Chính phủ.</p><ol><li id="footnote-1"><p>Nghị định số 10/2020/NĐ-CP. <a href="#footnote-ref-1">↑</a></p></li></ol>',
      expected: "Theo Nghị định số 10[^1] của Chính phủ.\n\n[^1]: Nghị định số 10/2020/NĐ-CP.",
    },
    {
      name: "footnotes and endnotes share one sequence in order of reference",
      html: '<p>A<sup><a href="#endnote-1">[1]</a></sup> B<sup><a href="#footnote-4">[1]</a></sup> C<sup><a href="#endnote-1">[1]</a></sup></p><ol><li id="footnote-4"><p>chú thích <a href="#footnote-ref-4">↑</a></p></li></ol><ol><li id="endnote-1"><p>cuối <a href="#endnote-ref-1">↑</a></p></li></ol>',
      expected: "A[^1] B[^2] C[^1]\n\n[^1]: cuối\n[^2]: chú thích",
    },
    {
      name: "Word 'Save as HTML' footnotes",
      html: '<p>Căn cứ Luật<a href="#_ftn1" name="_ftnref1">[1]</a> hiện hành</p><div id="ftn1"><p><a href="#_ftnref1" name="_ftn1">[1]</a> Luật số 80/2015/QH13.</p></div>',
      expected: "Căn cứ Luật[^1] hiện hành\n\n[^1]: Luật số 80/2015/QH13.",
    },
  ])("$name", ({ html, expected }) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it("returns an empty string for markup without visible text", () => {
    expect(htmlToText("<html><head><title>x</title></head><body><script>1</script>  </body></html>")).toBe("");
  });
});

describe("htmlToText lists", () => {
  it("skips empty items but keeps counting them", () => {
    expect(htmlToText("<ol><li>Một</li><li> </li><li>Ba</li></ol>")).toBe("1. Một\n3. Ba");
  });

  it("writes an item holding only a nested list on one line with both markers", () => {
    expect(htmlToText("<ul><li><ul><li>con</li></ul></li><li>sau</li></ul>")).toBe("- - con\n- sau");
  });
});
