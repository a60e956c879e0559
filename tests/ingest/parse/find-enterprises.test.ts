import { describe, expect, it } from "vitest";
import { findEnterprises } from "../../../ingest/parse/find-enterprises.js";

const names = (text: string, addressees: string[] = []) => findEnterprises(text, { addressees }).map((mention) => mention.name);

// Real sentences of corpus-dev (Lào Cai) letters.
describe("findEnterprises", () => {
  it.each<[string, string, string[], string[]]>([
    ["a name with its legal form", "Đề nghị Công ty TNHH Anh Nhẫn Lào Cai nghiên cứu, tiếp thu đầy đủ.", [], ["Công ty TNHH Anh Nhẫn Lào Cai"]],
    ["a name in lower case after its legal form", "Đề nghị Công ty cổ phần thương mại vận tải và tư vấn kỹ thuật rà soát.", ["Công ty cổ phần thương mại vận tải và tư vấn kỹ thuật"], ["Công ty cổ phần thương mại vận tải và tư vấn kỹ thuật"]],
    ["'và' inside a name", "Công ty TNHH Sản xuất và Thương mại Chân Thiện Mỹ nộp hồ sơ.", [], ["Công ty TNHH Sản xuất và Thương mại Chân Thiện Mỹ"]],
    ["a branch of a company", "Đề nghị Chi nhánh số 1 - Công ty cổ phần Xuất nhập khẩu Sợi Phương Nam khẩn trương rà soát.", [], ["Chi nhánh số 1 - Công ty cổ phần Xuất nhập khẩu Sợi Phương Nam"]],
    ["a corporation with a dash in its name", "Đề nghị Tổng công ty Khoáng sản TKV -CTCP nghiên cứu.", [], ["Tổng công ty Khoáng sản TKV -CTCP"]],
    [
      "a short form defined in the text",
      "Sở Công Thương nhận được Văn bản số 10/DH của Công ty TNHH MTV Duy Hiếu (Công ty). Đề nghị Công ty rà soát.",
      [],
      ["Công ty TNHH MTV Duy Hiếu", "Công ty TNHH MTV Duy Hiếu"],
    ],
    ["a short form for the addressee", "Đề nghị Công ty rà soát, sửa lỗi số liệu.", ["Công ty cổ phần Mông Sơn"], ["Công ty cổ phần Mông Sơn"]],
    ["a short form in a letter to an enterprise of another kind", "Đề nghị Công ty lập văn bản.", ["Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ"], ["Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ"]],
    ["a verb of two words before the name's end", "Công ty cổ phần đầu tư xây dựng dịch vụ tổng hợp An Phát tại Văn bản số 01/GĐN-AP.", [], ["Công ty cổ phần đầu tư xây dựng dịch vụ tổng hợp An Phát"]],
    ["a project party", "Đề nghị Chủ đầu tư tổ chức khảo sát khối lượng.", [], ["Chủ đầu tư"]],
    ["a company as a common noun, and a person's title", "Các công ty phải nộp hồ sơ. Giám đốc Công ty ký.", [], []],
  ])("%s", (_name, text, addressees, expected) => {
    expect(names(text, addressees)).toEqual(expected);
  });

  it("ends at the addressee's name when the sentence runs on in lower case", () => {
    const text = "Sở Công Thương đề nghị Công ty cổ phần thương mại vận tải và tư vấn kỹ thuật chuẩn bị hồ sơ.";
    const [mention] = findEnterprises(text, { addressees: ["Công ty cổ phần thương mại vận tải và tư vấn kỹ thuật"] });
    expect(text.slice(mention!.start, mention!.end)).toBe("Công ty cổ phần thương mại vận tải và tư vấn kỹ thuật");
  });
});

describe("findEnterprises: names the folding would cut", () => {
  it.each<[string, string, string[]]>([
    ["'vận tải' is no 'tại', and 'và' joins lines of business", "Sở Công Thương đề nghị Công ty Cổ phần thương mại vận tải và tư vấn kỹ thuật chuẩn bị hồ sơ.", ["Công ty Cổ phần thương mại vận tải và tư vấn kỹ thuật"]],
    ["'dược phẩm' is no 'được'", "Công ty cổ phần dược phẩm Lào Cai báo cáo kết quả.", ["Công ty cổ phần dược phẩm Lào Cai"]],
    ["'tại' still ends a name", "Công ty cổ phần Mông Sơn tại xã Văn Chấn nộp hồ sơ.", ["Công ty cổ phần Mông Sơn"]],
    ["'DNTN' written out", "Đề nghị DNTN Thành Hương Nghĩa Lộ bổ sung hồ sơ.", ["Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ"]],
    ["'HTX' written out", "Đề nghị HTX Nông nghiệp Bản Lầu báo cáo.", ["Hợp tác xã Nông nghiệp Bản Lầu"]],
  ])("%s", (_name, text, expected) => {
    expect(names(text)).toEqual(expected);
  });
});
