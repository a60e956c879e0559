import { describe, expect, it } from "vitest";
import type { DocumentMeta } from "../../../core/types.js";
import { parseHeader } from "../../../ingest/parse/parse-header.js";
import { PROVINCES, findProvinceMentions, findProvinces, resolveProvince } from "../../../ingest/parse/provinces.js";
import { listLaws, readLaw, readSeed } from "./seed-text.js";

describe("parseHeader on the five seed documents", () => {
  // Expected values written by hand from reading each seed.
  const cases: Array<{ seed: string; expected: DocumentMeta; titleStart: string }> = [
    {
      // No header block at all: the text starts at "THÔNG BÁO"; the year comes from the meeting date.
      seed: "000_492514bbfbcde4f8.txt",
      expected: {
        type: "THÔNG BÁO",
        province: "Bắc Giang",
        issuer: "UBND tỉnh Bắc Giang",
        meetingDate: "2024-02-19",
        year: 2024,
        signer: "Nguyễn Thị Ngọc",
      },
      titleStart: "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về kết quả thực hiện nhiệm vụ năm 2023",
    },
    {
      // Blank number "Số: /TB-UBND" and blank day "ngày tháng 9 năm 2021".
      seed: "001_02132e011992bfae.txt",
      expected: {
        type: "THÔNG BÁO",
        number: "",
        place: "Bắc Giang",
        date: "2021-09",
        province: "Bắc Giang",
        issuer: "UBND tỉnh Bắc Giang",
        meetingDate: "2021-09-17",
        year: 2021,
        signer: "Lê Tuấn Phú",
      },
      titleStart: "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Nội vụ về tình hình thực hiện nhiệm vụ 8 tháng đầu năm 2021",
    },
    {
      // "/TB-VP": the provincial People's Committee office issues the notice.
      seed: "002_606ab56a5eb8481a.txt",
      expected: {
        type: "THÔNG BÁO",
        number: "",
        place: "Lạng Sơn",
        date: "2026-04",
        province: "Lạng Sơn",
        issuer: "Văn phòng UBND tỉnh Lạng Sơn",
        meetingDate: "2026-04-21",
        year: 2026,
        signer: "Nguyễn Thị Thúy",
      },
      titleStart: "Kết luận của đồng chí Nguyễn Cảnh Toàn, Chủ tịch UBND tỉnh tại cuộc làm việc với Sở Nội vụ",
    },
    {
      seed: "003_66615375c7bf5e13.txt",
      expected: {
        type: "KẾ HOẠCH",
        number: "",
        place: "Bắc Giang",
        date: "2021-11",
        province: "Bắc Giang",
        issuer: "Sở Nội vụ tỉnh Bắc Giang",
        year: 2021,
        signer: "Vũ Mạnh Hùng",
      },
      titleStart: "Phát triển kinh tế - xã hội năm 2022",
    },
    {
      // Starts at "Căn cứ …": no header, no type line, no date line. Type, title and issuer come from
      // "Sở Nội vụ xây dựng Kế hoạch công tác ngành Nội vụ năm 2024, như sau:", the province from the body.
      seed: "004_38b8e90ea4ed07a7.txt",
      expected: {
        type: "KẾ HOẠCH",
        province: "Hưng Yên",
        issuer: "Sở Nội vụ tỉnh Hưng Yên",
        year: 2024,
        signer: "Lê Quang Hòa",
      },
      titleStart: "Công tác ngành Nội vụ năm 2024",
    },
  ];

  it.each(cases)("$seed", ({ seed, expected, titleStart }) => {
    const meta = parseHeader(readSeed(seed), { source: seed });
    const { title, ...rest } = meta;
    expect(rest).toEqual(expected);
    expect(title?.startsWith(titleStart)).toBe(true);
  });
});

describe("parseHeader on typical header layouts", () => {
  it("reads a full two-line issuer, number, date line, type and title", () => {
    const text = [
      "ỦY BAN NHÂN DÂN",
      "TỈNH QUẢNG NINH",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "Số: 171/KH-UBND",
      "Quảng Ninh, ngày 05 tháng 3 năm 2024",
      "KẾ HOẠCH",
      "Triển khai công tác cải cách hành chính năm 2024",
      "Thực hiện Quyết định số 12/QĐ-UBND ngày 02/01/2024 của UBND tỉnh, UBND tỉnh ban hành Kế hoạch như sau:",
      "I. MỤC ĐÍCH, YÊU CẦU",
    ].join("\n");
    expect(parseHeader(text)).toEqual({
      type: "KẾ HOẠCH",
      number: "171/KH-UBND",
      title: "Triển khai công tác cải cách hành chính năm 2024",
      place: "Quảng Ninh",
      date: "2024-03-05",
      year: 2024,
      province: "Quảng Ninh",
      issuer: "UBND tỉnh Quảng Ninh",
    });
  });

  it("reads a department under its province when the two header columns are merged on one line", () => {
    const text = [
      "UBND TỈNH NGHỆ AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI Độc lập - Tự do - Hạnh phúc",
      "Số: 25/BC-SLĐTBXH Nghệ An, ngày 10 tháng 01 năm 2023",
      "BÁO CÁO",
      "Tình hình thực hiện nhiệm vụ năm 2022",
      "Thực hiện chỉ đạo của UBND tỉnh, Sở báo cáo như sau:",
    ].join("\n");
    const meta = parseHeader(text);
    expect(meta).toMatchObject({
      type: "BÁO CÁO",
      number: "25/BC-SLĐTBXH",
      place: "Nghệ An",
      date: "2023-01-10",
      province: "Nghệ An",
      issuer: "Sở Lao động - Thương binh và Xã hội tỉnh Nghệ An",
    });
  });

  it("does not give a ministry the province of its date line", () => {
    const text = ["BỘ NỘI VỤ", "Số: 12/2023/TT-BNV", "Hà Nội, ngày 29 tháng 12 năm 2023", "THÔNG TƯ", "Quy định chế độ báo cáo thống kê ngành Nội vụ", "Căn cứ Nghị định số 63/2022/NĐ-CP;"].join(
      "\n",
    );
    const meta = parseHeader(text);
    expect(meta).toMatchObject({ type: "THÔNG TƯ", issuer: "Bộ Nội vụ", place: "Hà Nội", year: 2023, number: "12/2023/TT-BNV" });
    expect(meta.province).toBeUndefined();
  });

  it("recognizes an official letter by its number without a type code and takes V/v as the title", () => {
    const text = [
      "UBND THÀNH PHỐ HÀ NỘI",
      "Số: 5797/UBND-TH",
      "V/v báo cáo tình hình kinh tế - xã hội năm 2021",
      "Hà Nội, ngày 03 tháng 11 năm 2021",
      "Kính gửi: Các sở, ban, ngành thành phố",
    ].join("\n");
    expect(parseHeader(text)).toMatchObject({
      type: "CÔNG VĂN",
      number: "5797/UBND-TH",
      title: "Về việc báo cáo tình hình kinh tế - xã hội năm 2021",
      issuer: "UBND thành phố Hà Nội",
      province: "Hà Nội",
      date: "2021-11-03",
    });
  });

  // Headers of corpus-dev letters of the Cục Hóa chất: a code without a type ("HC-QLHC") or no number,
  // and a body that quotes "Luật này" / "Nghị định này"; they were typed LUẬT and NGHỊ ĐỊNH.
  it.each([
    [
      "a code that is not a type code",
      ["BỘ CÔNG THƯƠNG", "CỤC HÓA CHẤT", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 597/HC-QLHC", "V/v cấp Giấy phép xuất khẩu, nhập khẩu hóa chất cần kiểm soát đặc biệt", "Hà Nội, ngày 27 tháng 3 năm 2026", "Kính gửi: Sở Công Thương tỉnh Quảng Ngãi", "Khoản 1 Điều 12 Luật Hóa chất năm 2025 quy định: “Luật này quy định …”. Luật này áp dụng …"],
    ],
    [
      "a blank number",
      ["BỘ CÔNG THƯƠNG", "CỤC HOÁ CHẤT", "Số: /HC-QLHC", "Hà Nội, ngày tháng 5 năm 2025", "V/v bổ sung hồ sơ cấp Giấy phép vận chuyển hàng hóa nguy hiểm", "Kính gửi: Công ty Cổ phần Logistic Việt Trung", "Theo Nghị định này, Nghị định này quy định …"],
    ],
  ])("a 'V/v' subject line makes an untyped header an official letter: %s", (_name, lines) => {
    const meta = parseHeader(lines.join("\n"));
    expect(meta.type).toBe("CÔNG VĂN");
    expect(meta.title).toMatch(/^Về việc /u);
  });

  it("reads a type line whose cells the loader joined with commas", () => {
    const text = ["BỘ CÔNG THƯƠNG, CỤC HÓA CHẤT, Số, /GP-HC |  | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, Độc lập – Tự do – Hạnh phúc | ", "GIẤY PHÉP, VẬN CHUYỂN HÀNG HÓA NGUY HIỂM", "Theo đề nghị của: Công ty TNHH Hóa chất Thành Phát,"].join("\n");
    expect(parseHeader(text)).toMatchObject({ type: "GIẤY PHÉP", title: "Vận chuyển hàng hóa nguy hiểm" });
    // A sentence in lower case after the comma is no type line.
    expect(parseHeader("KẾ HOẠCH, kiểm tra năm 2026 được giao cho các phòng.").type).not.toBe("KẾ HOẠCH");
  });

  it("reads the issuer of a header whose table cells a loader joined with commas: the lower body, not the ministry above it", () => {
    const text = [
      "BỘ CÔNG THƯƠNG, CỤC HÓA CHẤT,",
      "Số, /GP-HC | | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, Độc lập – Tự do – Hạnh phúc |",
      "GIẤY PHÉP, VẬN CHUYỂN HÀNG HÓA NGUY HIỂM",
      "Theo đề nghị của: Công ty TNHH Hóa chất Thành Phát, Cục Hóa chất cho phép:",
      "Địa chỉ: Khu 3, xã Phù Ninh, tỉnh Phú Thọ (Địa chỉ cũ: Khu 3, thị trấn Phong Châu, huyện Phù Ninh, tỉnh Phú Thọ).",
    ].join("\n");
    const meta = parseHeader(text);
    expect(meta).toMatchObject({ type: "GIẤY PHÉP", issuer: "Cục Hóa chất" });
    // A department of a ministry belongs to no province its text names (the company's address).
    expect(meta.province).toBeUndefined();
    // A name broken after a comma is still one name.
    expect(parseHeader(["BỘ CÔNG THƯƠNG", "CỤC ĐỔI MỚI SÁNG TẠO,", "CHUYỂN ĐỔI XANH VÀ KHUYẾN CÔNG", "Số: 1178/ĐMST-KC"].join("\n")).issuer).toBe("Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công");
  });

  it("takes no issuer from a list's title, a field label or a table's header row", () => {
    const text = [
      "Phụ lục",
      "DANH MỤC MỘT SỐ NHIỆM VỤ, QUYỀN HẠN TRONG LĨNH VỰC VẬT LIỆU NỔ CÔNG NGHIỆP CỦA ỦY BAN NHÂN DÂN TỈNH LÀO CAI ỦY QUYỀN CHO GIÁM ĐỐC SỞ CÔNG THƯƠNG THỰC HIỆN",
      "(Kèm theo Quyết định số: /QĐ-UBND ngày tháng năm 2025 của UBND tỉnh Lào Cai)",
      "STT | NỘI DUNG NHIỆM VỤ, ỦY QUYỀN | CĂN CỨ PHÁP LÝ | GHI CHÚ",
      "NỘI DUNG NHIỆM VỤ, ỦY QUYỀN:",
      "Huấn luyện, kiểm tra, cấp giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp.",
    ].join("\n");
    expect(parseHeader(text).issuer).toBeUndefined();
  });

  it("stops a decision's title before the signing authority line", () => {
    const text = [
      "UBND TỈNH ĐỒNG THÁP",
      "Số: 45/QĐ-UBND",
      "Đồng Tháp, ngày 15 tháng 6 năm 2022",
      "QUYẾT ĐỊNH",
      "Về việc ban hành Quy chế làm việc của Ủy ban nhân dân tỉnh",
      "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP",
      "Căn cứ Luật Tổ chức chính quyền địa phương;",
      "QUYẾT ĐỊNH:",
      "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.",
    ].join("\n");
    expect(parseHeader(text)).toMatchObject({
      type: "QUYẾT ĐỊNH",
      title: "Về việc ban hành Quy chế làm việc của Ủy ban nhân dân tỉnh",
      issuer: "UBND tỉnh Đồng Tháp",
      date: "2022-06-15",
    });
  });

  it("converts a title printed in capitals to sentence case, keeping acronyms and province names", () => {
    const text = ["THÔNG BÁO KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH BẮC GIANG", "Ngày 05/3/2024, đồng chí Chủ tịch UBND tỉnh chủ trì cuộc họp."].join("\n");
    expect(parseHeader(text)).toMatchObject({ type: "THÔNG BÁO", title: "Kết luận của chủ tịch UBND tỉnh Bắc Giang" });
  });

  it("reads a party-style number (06-KH/TU)", () => {
    const text = ["TỈNH ỦY LẠNG SƠN", "Số 06-KH/TU", "Lạng Sơn, ngày 28 tháng 11 năm 2025", "KẾ HOẠCH", "Đào tạo, bồi dưỡng cán bộ năm 2026", "Thực hiện …"].join("\n");
    expect(parseHeader(text)).toMatchObject({ type: "KẾ HOẠCH", number: "06-KH/TU", issuer: "Tỉnh ủy Lạng Sơn", province: "Lạng Sơn" });
  });

  it.each([
    ["Hải Phòng, ngày    tháng    năm 2025", undefined, 2025],
    ["Cần Thơ, ngày … tháng 7 năm 2025", "2025-07", 2025],
    ["TP. Hồ Chí Minh, ngày 01 tháng 7 năm 2025", "2025-07-01", 2025],
    ["Huế, ngày 9/1/2025", "2025-01-09", 2025],
  ])("date line %j", (line, date, year) => {
    const meta = parseHeader(`Số: 10/TB-UBND\n${line}\nTHÔNG BÁO\nKết luận của Chủ tịch UBND\nNgày 01/01/2020, đồng chí …`);
    expect(meta.date).toBe(date);
    expect(meta.year).toBe(year);
  });

  it("places a city-level date line in its province", () => {
    expect(parseHeader("Số: 10/TB-UBND\nTP. Hồ Chí Minh, ngày 01 tháng 7 năm 2025\nTHÔNG BÁO\nX").province).toBe("Hồ Chí Minh");
  });

  it.each([
    ["Chiều ngày 05 tháng 3 năm 2024, đồng chí Chủ tịch UBND tỉnh chủ trì cuộc họp.", "2024-03-05"],
    ["Ngày 19/02/2024, đồng chí Lê Văn A chủ trì buổi làm việc với Sở Tư pháp.", "2024-02-19"],
    ["Ngày 19/02/2024, Sở Tư pháp nhận được văn bản số 12.", undefined],
  ])("meeting date in %j", (paragraph, meetingDate) => {
    expect(parseHeader(`THÔNG BÁO\nKết luận\n${paragraph}`).meetingDate).toBe(meetingDate);
  });

  it("finds the intro sentence after the last legal basis in the same paragraph", () => {
    const text = [
      "Căn cứ Quyết định số 83/2021/QĐ-UBND ngày 04/11/2021 của UBND tỉnh Thái Bình; Sở Giáo dục và Đào tạo xây dựng Kế hoạch tuyển sinh năm học 2024 - 2025, cụ thể như sau:",
      "I. MỤC ĐÍCH, YÊU CẦU",
    ].join("\n");
    expect(parseHeader(text)).toMatchObject({
      type: "KẾ HOẠCH",
      title: "Tuyển sinh năm học 2024 - 2025",
      issuer: "Sở Giáo dục và Đào tạo tỉnh Thái Bình",
      province: "Thái Bình",
      year: 2025,
    });
  });

  it("takes the province the body names most when the header is missing", () => {
    const text = [
      "THÔNG BÁO",
      "Kết luận của Chủ tịch UBND tỉnh",
      "Ngày 10/5/2023, đồng chí Chủ tịch UBND tỉnh chủ trì làm việc với Sở Nội vụ tỉnh Cà Mau.",
      "Sở Nội vụ học tập kinh nghiệm của tỉnh Kiên Giang; rà soát các đơn vị trên địa bàn tỉnh Cà Mau.",
      "Báo cáo UBND tỉnh Cà Mau trong tháng 6/2023.",
    ].join("\n");
    expect(parseHeader(text)).toMatchObject({ province: "Cà Mau", issuer: "UBND tỉnh Cà Mau", year: 2023 });
  });

  it("names a law from its type line, gives it to the National Assembly and no province", () => {
    const text = [
      "LUẬT",
      "CƯ TRÚ",
      "Điều 1. Phạm vi điều chỉnh",
      "Luật này quy định quyền tự do cư trú của công dân; người Việt Nam định cư ở nước ngoài.",
      "Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIV, kỳ họp thứ 10 thông qua ngày 13 tháng 11 năm 2020.",
      "CHỦ TỊCH QUỐC HỘI",
      "(Đã ký)",
      "Nguyễn Thị Kim Ngân",
    ].join("\n");
    expect(parseHeader(text)).toEqual({
      type: "LUẬT",
      title: "Luật Cư trú",
      issuer: "Quốc hội",
      date: "2020-11-13",
      year: 2020,
      signer: "Nguyễn Thị Kim Ngân",
    });
  });

  it.each([
    [["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "Trần Văn Nam"], "Trần Văn Nam"],
    [["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "NGUYỄN VĂN BÌNH"], "NGUYỄN VĂN BÌNH"],
    [["GIÁM ĐỐC", "Lê Thị Hoa", "Biểu mẫu số 06"], "Lê Thị Hoa"],
    [["III. TỔ CHỨC THỰC HIỆN", "Sở Nội vụ chủ trì."], undefined],
  ])("signer after %j", (tail, signer) => {
    const text = ["THÔNG BÁO", "Kết luận", "Nội dung.", "Nơi nhận:", "- Như trên;", "- Lưu: VT.", ...tail].join("\n");
    expect(parseHeader(text).signer).toBe(signer);
  });

  it("falls back on the file name for the type", () => {
    expect(parseHeader("Điều 1. Phạm vi điều chỉnh\nLuật này quy định …", { source: "laws/luat-dien-anh.txt" }).type).toBe("LUẬT");
    expect(parseHeader("Điều 1. Phạm vi điều chỉnh", { source: "corpus/000_492514bbfbcde4f8.pdf" }).type).toBeUndefined();
  });

  it("returns an empty record for empty text", () => {
    expect(parseHeader("")).toEqual({});
  });

  const laws = listLaws();
  it.skipIf(laws.length === 0)("reads the type and title of every benchmark law", () => {
    for (const name of laws) {
      const meta = parseHeader(readLaw(name), { source: name });
      expect(["LUẬT", "BỘ LUẬT", "HIẾN PHÁP"], name).toContain(meta.type);
      expect(meta.title?.toLowerCase().startsWith(meta.type?.toLowerCase() ?? "?"), name).toBe(true);
      expect(meta.province, name).toBeUndefined();
    }
  });
});

describe("province data", () => {
  it("holds the 63 units before the 2025 reorganization and the 34 after it", () => {
    expect(PROVINCES.filter((province) => province.before2025)).toHaveLength(63);
    expect(PROVINCES.filter((province) => province.after2025)).toHaveLength(34);
    expect(PROVINCES.filter((province) => province.after2025 && province.kind === "thành phố")).toHaveLength(6);
    expect(new Set(PROVINCES.map((province) => province.name)).size).toBe(PROVINCES.length);
  });

  it("merges (or renames) every vanished unit into a unit that exists after 2025", () => {
    const after = new Set(PROVINCES.filter((province) => province.after2025).map((province) => province.name));
    for (const province of PROVINCES.filter((candidate) => !candidate.after2025)) {
      expect(after.has(province.mergedInto ?? province.sameAs ?? ""), province.name).toBe(true);
    }
  });

  it("lists full and folded forms", () => {
    const bacGiang = PROVINCES.find((province) => province.name === "Bắc Giang");
    expect(bacGiang?.forms).toContain("tỉnh Bắc Giang");
    expect(bacGiang?.foldedForms).toEqual(expect.arrayContaining(["bac giang", "tinh bac giang"]));
    expect(PROVINCES.find((province) => province.name === "Hà Nội")?.forms).toContain("thành phố Hà Nội");
  });

  it.each([
    ["TỈNH BẮC GIANG", "Bắc Giang"],
    ["thành phố Hồ Chí Minh", "Hồ Chí Minh"],
    ["TP HCM", "Hồ Chí Minh"],
    ["Thanh Hoá", "Thanh Hóa"],
    ["Bắc Cạn", "Bắc Kạn"],
    ["Việt Yên", undefined],
  ])("resolveProvince(%j)", (phrase, name) => {
    expect(resolveProvince(phrase)?.name).toBe(name);
  });
});

describe("findProvinces", () => {
  it.each([
    ["UBND TỈNH BẮC GIANG", ["Bắc Giang"]],
    ["kế hoạch của tỉnh hưng yên năm 2024", ["Hưng Yên"]],
    ["kế hoạch bắc giang năm 2024", ["Bắc Giang"]],
    ["so noi vu bac giang duoc dong y", ["Bắc Giang"]],
    ["Thanh Hoá, Khánh Hoà và Hòa Bình", ["Thanh Hóa", "Khánh Hòa", "Hòa Bình"]],
    ["tỉnh Thừa Thiên - Huế", ["Thừa Thiên Huế"]],
    ["thành phố Huế", ["Huế"]],
    ["Bà Rịa-Vũng Tàu và Đăk Lăk", ["Bà Rịa - Vũng Tàu", "Đắk Lắk"]],
    ["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", []],
    ["Thành phố Hồ Chí Minh và TP.HCM", ["Hồ Chí Minh"]],
    ["người Việt Nam định cư ở nước ngoài", []],
    ["giữ vững hòa bình, thái bình", []],
    ["hang nam dinh ky bao cao", []],
    ["tinh nam dinh", ["Nam Định"]],
    ["Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn; Sở Nội vụ Hưng Yên", ["Lạng Sơn", "Hưng Yên"]],
    ["Bắc Giang".normalize("NFD"), ["Bắc Giang"]],
  ])("%j", (text, expected) => {
    expect(findProvinces(text)).toEqual(expected);
  });

  it("reports offsets and the prefix", () => {
    const text = "trên địa bàn tỉnh Bắc Giang và Lạng Sơn";
    expect(findProvinceMentions(text)).toEqual([
      { name: "Bắc Giang", start: 18, end: 27, prefixed: true },
      { name: "Lạng Sơn", start: 31, end: 39, prefixed: false },
    ]);
  });
});

describe("parseHeader on headers of signed and scanned PDFs", () => {
  it.each([
    // Number stamped at signing before a typed code with spaces; number and date on one line (cv-4378).
    ["UBND TỈNH LÀO CAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSỞ CÔNG THƯƠNG\n\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 4378 /SCT - CN Lào Cai, ngày 22 tháng 7 năm 2026\n\nV/v trả lại hồ sơ", { number: "4378/SCT-CN", date: "2026-07-22", place: "Lào Cai", issuer: "Sở Công thương tỉnh Lào Cai" }],
    // Old tone placement in the national name, which must not be taken for the issuer (cv-6791).
    ["UBND TỈNH LÀO CAI\n\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\n\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 6791 /SNNMT-KHTC Lào Cai, ngày 17 tháng 7 năm 2026", { number: "6791/SNNMT-KHTC", issuer: "Sở Nông nghiệp và Môi trường tỉnh Lào Cai" }],
    // A body's name broken over three lines after a comma and "VÀ" (cv-1178).
    ["BỘ CÔNG THƯƠNG\n\nCỤC ĐỔI MỚI SÁNG TẠO,\n\nCHUYỂN ĐỔI XANH VÀ\n\nKHUYẾN CÔNG\n\nCỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 1178 /ĐCK-CTT Hà Nội, ngày 09 tháng 7 năm 2025", { number: "1178/ĐCK-CTT", place: "Hà Nội", issuer: "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công" }],
    // A number code continued on the next line, past the date printed in between (hd-24, poppler's layout).
    ["Số: 24 /HDLN-BCA-BQP-BYT-\n\nHà Nội, ngày 25 tháng 6 năm 2026\n\nBCT-BTC-VKSNDTC-TANDTC\n\nHƯỚNG DẪN LIÊN NGÀNH", { number: "24/HDLN-BCA-BQP-BYT-BCT-BTC-VKSNDTC-TANDTC", date: "2026-06-25", place: "Hà Nội" }],
    // A dot read by OCR after "ngày" (cv-3036).
    ["SỞ CÔNG THƯƠNG\n\nSố:3036 /SCT-CN Lào Cai, ngày. 28 tháng 5 năm 2026", { number: "3036/SCT-CN", date: "2026-05-28", place: "Lào Cai" }],
  ])("%#", (text, expected) => {
    expect(parseHeader(text)).toMatchObject(expected);
  });
});
