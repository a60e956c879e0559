/**
 * Names of the bodies that directives assign work to ("đơn vị"), as data.
 * Patterns are written on *folded* text (lower case, no diacritics; a space
 * stands for any run of white space) and each maps to one display name, so
 * "Sở KH&ĐT", "Sở Kế hoạch và Đầu tư" and "so ke hoach va dau tu" are one unit.
 *
 * The lists are the national set of provincial departments and ministries
 * plus the usual collective forms; nothing here comes from one document's
 * wording. A body missing here is still found through UNIT_HEADS when its
 * name starts with a generic head ("Ban Quản lý …", "Trung tâm …").
 */

export type NamedUnit = { name: string; patterns: readonly string[] };

const AND = "(?:va|&|,)";

/** Provincial departments ("sở") and other provincial bodies with fixed names. */
export const PROVINCIAL_UNITS: readonly NamedUnit[] = [
  { name: "Sở Nội vụ", patterns: ["so noi vu"] },
  { name: "Sở Tài chính", patterns: ["so tai chinh"] },
  { name: "Sở Kế hoạch và Đầu tư", patterns: [`so ke hoach ?${AND}? ?dau tu`, "so kh ?& ?dt", "so khdt"] },
  { name: "Sở Tư pháp", patterns: ["so tu phap"] },
  { name: "Sở Xây dựng", patterns: ["so xay dung"] },
  { name: "Sở Y tế", patterns: ["so y te"] },
  { name: "Sở Giáo dục và Đào tạo", patterns: [`so giao duc ?${AND} ?dao tao`, "so gd ?& ?dt", "so gddt"] },
  {
    name: "Sở Lao động - Thương binh và Xã hội",
    patterns: [`so lao dong ?[-–,]? ?thuong binh ?${AND} ?xa hoi`, "so ld ?- ?tb ?& ?xh", "so ldtbxh"],
  },
  { name: "Sở Văn hóa, Thể thao và Du lịch", patterns: [`so van hoa ?,? the thao ?${AND} ?du lich`, "so vh ?,? ?tt ?& ?dl", "so vhttdl"] },
  { name: "Sở Văn hóa và Thể thao", patterns: [`so van hoa ${AND} the thao`] },
  { name: "Sở Tài nguyên và Môi trường", patterns: [`so tai nguyen ?${AND} ?moi truong`, "so tn ?& ?mt", "so tnmt"] },
  {
    name: "Sở Nông nghiệp và Phát triển nông thôn",
    patterns: [`so nong nghiep ?${AND} ?phat trien nong thon`, "so nn ?& ?ptnt", "so nnptnt"],
  },
  { name: "Sở Nông nghiệp và Môi trường", patterns: [`so nong nghiep ${AND} moi truong`] },
  { name: "Sở Công Thương", patterns: ["so cong thuong"] },
  { name: "Sở Giao thông vận tải", patterns: ["so giao thong (?:va )?van tai", "so gtvt"] },
  { name: "Sở Thông tin và Truyền thông", patterns: [`so thong tin ?${AND} ?truyen thong`, "so tt ?& ?tt", "so tttt"] },
  { name: "Sở Khoa học và Công nghệ", patterns: [`so khoa hoc ?${AND} ?cong nghe`, "so kh ?& ?cn", "so khcn"] },
  { name: "Sở Ngoại vụ", patterns: ["so ngoai vu"] },
  { name: "Sở Du lịch", patterns: ["so du lich"] },
  { name: "Sở Dân tộc và Tôn giáo", patterns: [`so dan toc ${AND} ton giao`] },
  { name: "Sở Quy hoạch - Kiến trúc", patterns: ["so quy hoach ?[-–] ?kien truc"] },
  { name: "Văn phòng UBND tỉnh", patterns: ["van phong (?:ubnd|uy ban nhan dan) tinh", "vp ?ubnd tinh", "van phong ubnd"] },
  { name: "Văn phòng Tỉnh ủy", patterns: ["van phong tinh uy"] },
  { name: "Văn phòng HĐND tỉnh", patterns: ["van phong (?:hdnd|hoi dong nhan dan) tinh"] },
  { name: "Văn phòng Đoàn ĐBQH và HĐND tỉnh", patterns: [`van phong doan (?:dbqh|dai bieu quoc hoi) ?${AND} ?(?:hdnd|hoi dong nhan dan) tinh`] },
  { name: "Văn phòng Sở", patterns: ["van phong so"] },
  { name: "Thanh tra tỉnh", patterns: ["thanh tra tinh"] },
  { name: "Thanh tra Sở", patterns: ["thanh tra so"] },
  { name: "Công an tỉnh", patterns: ["cong an tinh"] },
  { name: "Bộ Chỉ huy Quân sự tỉnh", patterns: ["bo chi huy quan su tinh"] },
  { name: "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", patterns: ["bo chi huy bo doi bien phong tinh"] },
  { name: "Kho bạc Nhà nước tỉnh", patterns: ["kho bac nha nuoc(?: tinh)?"] },
  { name: "Bảo hiểm xã hội tỉnh", patterns: ["bao hiem xa hoi tinh"] },
  { name: "Cục Thuế tỉnh", patterns: ["cuc thue tinh"] },
  { name: "Cục Thống kê tỉnh", patterns: ["cuc thong ke tinh"] },
  { name: "Ban Tổ chức Tỉnh ủy", patterns: ["ban to chuc tinh uy"] },
  { name: "Ban Tuyên giáo Tỉnh ủy", patterns: ["ban tuyen giao tinh uy"] },
  { name: "Ban Dân vận Tỉnh ủy", patterns: ["ban dan van tinh uy"] },
  { name: "Ban Nội chính Tỉnh ủy", patterns: ["ban noi chinh tinh uy"] },
  { name: "Ban Thi đua - Khen thưởng", patterns: ["ban thi dua ?[-–,]? ?khen thuong(?: tinh)?"] },
  { name: "Ban Tôn giáo", patterns: ["ban ton giao(?: tinh)?"] },
  { name: "Ban Dân tộc", patterns: ["ban dan toc(?: tinh)?"] },
  { name: "Hội đồng Thi đua - Khen thưởng tỉnh", patterns: ["hoi dong thi dua ?[-–,]? ?khen thuong(?: tinh)?"] },
  { name: "UBND tỉnh", patterns: ["(?:ubnd|uy ban nhan dan) (?:cap )?tinh"] },
  { name: "HĐND tỉnh", patterns: ["(?:hdnd|hoi dong nhan dan) tinh"] },
  { name: "Ban Thường vụ Tỉnh ủy", patterns: ["ban thuong vu tinh uy"] },
  { name: "Ban Chấp hành Đảng bộ tỉnh", patterns: ["ban chap hanh dang bo tinh"] },
  { name: "Tỉnh ủy", patterns: ["tinh uy"] },
  { name: "Phòng Nội vụ", patterns: ["phong noi vu"] },
];

/** Ministries and central bodies. */
export const CENTRAL_UNITS: readonly NamedUnit[] = [
  { name: "Bộ Nội vụ", patterns: ["bo noi vu"] },
  { name: "Bộ Tài chính", patterns: ["bo tai chinh"] },
  { name: "Bộ Kế hoạch và Đầu tư", patterns: [`bo ke hoach ?${AND} ?dau tu`] },
  { name: "Bộ Tư pháp", patterns: ["bo tu phap"] },
  { name: "Bộ Xây dựng", patterns: ["bo xay dung"] },
  { name: "Bộ Y tế", patterns: ["bo y te"] },
  { name: "Bộ Giáo dục và Đào tạo", patterns: [`bo giao duc ?${AND} ?dao tao`] },
  { name: "Bộ Lao động - Thương binh và Xã hội", patterns: [`bo lao dong ?[-–,]? ?thuong binh ?${AND} ?xa hoi`] },
  { name: "Bộ Văn hóa, Thể thao và Du lịch", patterns: [`bo van hoa ?,? the thao ?${AND} ?du lich`] },
  { name: "Bộ Tài nguyên và Môi trường", patterns: [`bo tai nguyen ?${AND} ?moi truong`] },
  { name: "Bộ Nông nghiệp và Phát triển nông thôn", patterns: [`bo nong nghiep ?${AND} ?phat trien nong thon`] },
  { name: "Bộ Nông nghiệp và Môi trường", patterns: [`bo nong nghiep ${AND} moi truong`] },
  { name: "Bộ Công Thương", patterns: ["bo cong thuong"] },
  { name: "Bộ Giao thông vận tải", patterns: ["bo giao thong (?:va )?van tai"] },
  { name: "Bộ Thông tin và Truyền thông", patterns: [`bo thong tin ?${AND} ?truyen thong`] },
  { name: "Bộ Khoa học và Công nghệ", patterns: [`bo khoa hoc ?${AND} ?cong nghe`] },
  { name: "Bộ Ngoại giao", patterns: ["bo ngoai giao"] },
  { name: "Bộ Quốc phòng", patterns: ["bo quoc phong"] },
  { name: "Bộ Công an", patterns: ["bo cong an"] },
  { name: "Bộ Dân tộc và Tôn giáo", patterns: [`bo dan toc ${AND} ton giao`] },
  { name: "Thanh tra Chính phủ", patterns: ["thanh tra chinh phu"] },
  { name: "Văn phòng Chính phủ", patterns: ["van phong chinh phu"] },
  { name: "Ban Tôn giáo Chính phủ", patterns: ["ban ton giao chinh phu"] },
  { name: "Chính phủ", patterns: ["chinh phu"] },
];

/**
 * Collective addressees. Their display name is the matched text itself
 * (lower-cased, first letter capitalized, "ubnd" -> "UBND"), since the
 * combinations ("các sở, ban, ngành", "các sở, cơ quan thuộc UBND tỉnh") are
 * open-ended; the patterns only bound them.
 */
const COLLECTIVE_NOUN = "(?:so|ban|nganh|co quan|don vi|dia phuong|phong|to chuc|doanh nghiep|truong hoc)";
export const COLLECTIVE_UNIT_PATTERNS: readonly string[] = [
  `cac ${COLLECTIVE_NOUN}(?: ?,? ?(?:va )?${COLLECTIVE_NOUN})*(?: (?:thuoc|truc thuoc) (?:ubnd|uy ban nhan dan) (?:cap )?(?:tinh|huyen)| (?:co )?lien quan| trong nganh| thuoc so| tinh)?`,
];

/** "UBND các huyện, thành phố", "UBND cấp xã" …: display names by pattern. */
export const LOCAL_GOVERNMENT_UNITS: readonly NamedUnit[] = [
  {
    name: "UBND các huyện, thành phố",
    patterns: ["(?:ubnd|uy ban nhan dan) (?:cac )?(?:huyen|thi xa|thanh pho)(?: ?, ?(?:huyen|thi xa|thanh pho))+"],
  },
  { name: "UBND cấp huyện", patterns: ["(?:ubnd|uy ban nhan dan) cap huyen", "(?:ubnd|uy ban nhan dan) cac huyen"] },
  {
    name: "UBND các xã, phường",
    patterns: ["(?:ubnd|uy ban nhan dan) (?:cac )?(?:xa|phuong|thi tran)(?: ?, ?(?:xa|phuong|thi tran))+", "(?:ubnd|uy ban nhan dan) cac xa"],
  },
  { name: "UBND cấp xã", patterns: ["(?:ubnd|uy ban nhan dan) cap xa"] },
];

/**
 * Generic heads of unit names not in the lists above. In "phrase" mode the
 * name runs on from the head until punctuation, a stop word (a verb, a modal,
 * a preposition) or "tỉnh" (which ends it); in "proper" mode only capitalized
 * words follow ("UBND huyện Lục Nam").
 */
export type UnitHead = { head: string; mode: "phrase" | "proper" };
export const UNIT_HEADS: readonly UnitHead[] = [
  { head: "ban quan ly", mode: "phrase" },
  { head: "ban chi dao", mode: "phrase" },
  { head: "ban can su dang", mode: "phrase" },
  { head: "trung tam", mode: "phrase" },
  { head: "chi cuc", mode: "phrase" },
  { head: "(?:ubnd|uy ban nhan dan) (?:huyen|thanh pho|thi xa|xa|phuong|thi tran)", mode: "proper" },
];

/**
 * Words that end a generic unit name, as written: matched on folded text, then against the
 * original's spelling (stop-phrases.ts), so "vận tải", "dược phẩm" or "chợ" do not stop a name
 * as "tại", "được" or "cho" do.
 */
export const UNIT_NAME_STOP_WORDS: readonly string[] = [
  "khẩn trương", "tiếp tục", "chủ trì", "phối hợp", "thực hiện", "tham mưu", "hoàn thành", "báo cáo", "trình",
  "cần", "phải", "có trách nhiệm", "chịu trách nhiệm", "chủ động", "tập trung", "triển khai", "hướng dẫn",
  "rà soát", "nghiên cứu", "đề xuất", "làm việc", "bảo đảm", "đảm bảo", "đôn đốc", "theo dõi", "kiểm tra",
  "xem xét", "tổng hợp", "tổ chức", "cập nhật", "hỗ trợ", "giúp", "đã", "đang", "sẽ", "được", "để", "theo",
  "trong", "về", "với", "tại", "cho", "nhằm", "khi", "sau", "trước", "của", "và", "thông báo", "có", "là",
  "thuộc", "trực thuộc", "do", "này", "nay", "đẩy mạnh", "tăng cường", "nâng cao", "tiếp nhận", "phát huy",
  "duy trì", "chú trọng", "phấn đấu", "giải quyết", "cung cấp", "tích cực", "sớm", "ngay", "ngày", "không",
  "chuẩn bị", "bổ sung", "làm rõ", "giải trình", "hiệu chỉnh", "hoàn thiện", "nộp", "gửi", "lập",
];

/** Titles that make the following unit part of a person's title ("Chủ tịch UBND tỉnh"), not an assignee. */
export const PERSON_TITLE_PREFIXES: readonly string[] = [
  "chu tich", "pho chu tich", "giam doc", "pho giam doc", "truong", "pho truong", "lanh dao", "thuong truc",
  "dai dien", "chanh van phong", "pho chanh van phong", "bi thu", "thu truong", "nguoi dung dau", "dong chi",
  "thanh vien", "can bo", "cong chuc", "vien chuc", "thu tuong",
];
