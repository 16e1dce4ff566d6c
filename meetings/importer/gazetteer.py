"""What the importer knows about names: the archive's own records, plus a small built-in base list.

The base list lets an import work on an empty database; every person, series, organization, country
alias and mineral alias an editor enters is read here too, so each record makes the next import
better.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# --- Built-in base lists --------------------------------------------------------------------------

# Family names of Japanese officials who appear in economic releases, and common surnames, so that a
# mixed-case "Nishimura Yasutoshi" is read family-first. Romanised as releases write them.
JAPANESE_FAMILY_NAMES = set(
    [
        "abe",
        "akahori",
        "akazawa",
        "amari",
        "aoki",
        "arai",
        "asano",
        "ando",
        "endo",
        "fujii",
        "fujita",
        "fukuda",
        "goto",
        "hagiuda",
        "hamada",
        "hara",
        "hasegawa",
        "hashimoto",
        "hayashi",
        "higashi",
        "hirai",
        "hirano",
        "honda",
        "hosoda",
        "ichikawa",
        "ide",
        "iguchi",
        "ikeda",
        "imai",
        "inoue",
        "ishiba",
        "ishihara",
        "ishii",
        "ishikawa",
        "ito",
        "iwaya",
        "iwata",
        "izumi",
        "kajiyama",
        "kamikawa",
        "kaneko",
        "kato",
        "kawaguchi",
        "kawai",
        "kawamura",
        "kihara",
        "kikuchi",
        "kimura",
        "kishi",
        "kishida",
        "kobayashi",
        "koizumi",
        "kondo",
        "kono",
        "kubo",
        "kudo",
        "kumagai",
        "kuroda",
        "maeda",
        "masuda",
        "matsuda",
        "matsui",
        "matsumoto",
        "matsumura",
        "matsuno",
        "matsuo",
        "miura",
        "miyamoto",
        "miyazaki",
        "miyazawa",
        "mizuno",
        "mochizuki",
        "motegi",
        "mori",
        "morita",
        "motoki",
        "murakami",
        "murata",
        "muto",
        "nagai",
        "nagao",
        "nakagawa",
        "nakajima",
        "nakamura",
        "nakano",
        "nakayama",
        "naoshima",
        "nishida",
        "nishimura",
        "noda",
        "nomura",
        "ogawa",
        "ohashi",
        "okada",
        "okamoto",
        "ono",
        "osawa",
        "ota",
        "otsuka",
        "saito",
        "sakai",
        "sakamoto",
        "sakurai",
        "sano",
        "sasaki",
        "sato",
        "seko",
        "shibata",
        "shimada",
        "shimizu",
        "shindo",
        "shiozaki",
        "sugawara",
        "sugiyama",
        "suzuki",
        "takagi",
        "takahashi",
        "takaichi",
        "takeda",
        "tamura",
        "tanaka",
        "taniguchi",
        "terada",
        "tomita",
        "uchida",
        "ueda",
        "ueno",
        "urata",
        "wada",
        "watanabe",
        "yamada",
        "yamagata",
        "yamaguchi",
        "yamamoto",
        "yamashita",
        "yamazaki",
        "yasuda",
        "yokoyama",
        "yoshida",
        "yoshikawa",
        "fukushima",
        "hosono",
        "iida",
        "kitamura",
        "kiuchi",
        "nagamine",
        "okuda",
        "omi",
        "sekiguchi",
        "shirai",
        "taguchi",
        "tsuchiya",
        "yamanaka",
        "akiba",
        "hirose",
        "kanda",
        "kuno",
        "masaki",
        "nakatani",
        "nishiyama",
        "ogura",
        "takei",
        "tokunaga",
        "yoshino",
    ]
)
JAPANESE_GIVEN_NAMES = set(
    [
        "akira",
        "akihiro",
        "atsushi",
        "daisuke",
        "fumio",
        "hideki",
        "hideyuki",
        "hirofumi",
        "hiroshi",
        "hiroyuki",
        "hisashi",
        "ichiro",
        "jun",
        "junichi",
        "kazuhiro",
        "kazuo",
        "kazuya",
        "ken",
        "kenichi",
        "kenji",
        "koichi",
        "koji",
        "makoto",
        "masahiro",
        "masaki",
        "masayuki",
        "minoru",
        "naoki",
        "norihiro",
        "noriko",
        "osamu",
        "ryosei",
        "satoshi",
        "seiji",
        "shigeru",
        "shinichi",
        "shinji",
        "shinzo",
        "shuichi",
        "taro",
        "takashi",
        "takehiko",
        "takeshi",
        "takuya",
        "tetsuro",
        "toshihiro",
        "toshimitsu",
        "tomoko",
        "tsuyoshi",
        "yasutoshi",
        "yoji",
        "yoko",
        "yoshihide",
        "yoshimasa",
        "yoshihiko",
        "yuko",
        "yuji",
        "yukio",
        "sanae",
        "seiko",
        "katsunobu",
        "hiroshige",
        "yasuhiro",
        "kiyoshi",
        "mitsuhiro",
        "masato",
        "takahiro",
        "nobuo",
        "yoshitaka",
        "kazuhiko",
        "hayato",
    ]
)
KOREAN_FAMILY_NAMES = set(
    [
        "ahn",
        "an",
        "bae",
        "baek",
        "cho",
        "choi",
        "chung",
        "han",
        "jang",
        "jeon",
        "jeong",
        "jung",
        "kang",
        "kim",
        "ko",
        "kwon",
        "lee",
        "lim",
        "moon",
        "na",
        "oh",
        "park",
        "ryu",
        "seo",
        "shin",
        "son",
        "song",
        "yang",
        "yoo",
        "yoon",
        "yu",
    ]
)

# Surnames written in Japanese script → as English releases write them. The archive's people
# (native_name, alternative_names) extend this.
JAPANESE_SCRIPT_NAMES = {
    "齋藤": "Saito", "斎藤": "Saito", "斉藤": "Saito", "西村": "Nishimura", "上川": "Kamikawa",
    "林": "Hayashi", "岸田": "Kishida", "石破": "Ishiba", "武藤": "Muto", "萩生田": "Hagiuda",
    "梶山": "Kajiyama", "世耕": "Seko", "茂木": "Motegi", "石井": "Ishii", "赤堀": "Akahori",
    "松尾": "Matsuo", "浦田": "Urata", "冨田": "Tomita", "富田": "Tomita", "岩屋": "Iwaya",
    "赤沢": "Akazawa", "赤澤": "Akazawa", "宮沢": "Miyazawa", "直嶋": "Naoshima", "岩田": "Iwata",
    "吉川": "Yoshikawa", "太田": "Ota", "中谷": "Nakatani", "高市": "Takaichi", "河野": "Kono",
    "小林": "Kobayashi", "加藤": "Kato", "鈴木": "Suzuki", "田中": "Tanaka", "山田": "Yamada",
    "古川": "Furukawa", "大串": "Ogushi", "竹内": "Takeuchi", "長峯": "Nagamine", "古賀": "Koga",
    "ウィリアムス": "Williams", "ウィリアムズ": "Williams", "レモンド": "Raimondo",
    "ライモンド": "Raimondo", "ブリンケン": "Blinken", "タイ": "Tai", "ドムブロウスキス": "Dombrovskis",
    "ドンブロウスキス": "Dombrovskis", "シェフチョビッチ": "Sefcovic", "ファレル": "Farrell",
    "ラトニック": "Lutnick", "グリア": "Greer", "ルビオ": "Rubio", "キング": "King",
    "アン": "Ahn", "チャルマーズ": "Chalmers", "ボーエン": "Bowen", "マナロ": "Manalo",
     "ウォン": "Wong", "マルルズ": "Marles", "ブレイナード": "Brainard",
    "サリバン": "Sullivan", "バイデン": "Biden", "トランプ": "Trump", "ベッセント": "Bessent",
    "フィンレイ": "Finlay", "ゴー": "Goh", "ガン": "Gan", "ハーパー": "Harper",
     "齋藤健": "Saito", "西村康稔": "Nishimura", "上川陽子": "Kamikawa",
}  # fmt: skip

# Offices that settle a participant's government when the text does not say it.
OFFICE_COUNTRIES = [
    (r"minister of economy,? trade,? and industry|\bMETI\b", "JP"),
    (r"minister for foreign affairs of japan|foreign minister of japan", "JP"),
    (r"secretary of commerce|commerce secretary|department of commerce", "US"),
    (r"secretary of state\b(?! for)", "US"),
    (r"trade representative|\bUSTR\b", "US"),
    (r"under secretary of (?:commerce|state)", "US"),
    (r"european commission|european commissioner|commissioner for trade", "EU"),
    (r"\bMOTIE\b|ministry of trade, industry and energy", "KR"),
    (
        r"\bDFAT\b|minister for trade,? tourism and investment|minister for trade and tourism|"
        r"minister for resources and northern australia",
        "AU",
    ),
    (r"経済産業大臣|外務大臣|経済産業副大臣|経済産業大臣政務官", "JP"),
    (r"国務長官|商務長官|通商代表", "US"),
]

# Cities where bilateral meetings are held (the archive's capitals extend it): name → country.
CITIES = {
    "Washington, D.C.": "US", "Washington D.C.": "US", "Washington, DC": "US",
    "Washington DC": "US", "Washington": "US", "New York": "US", "Detroit": "US",
    "San Francisco": "US", "Los Angeles": "US", "Las Vegas": "US", "Honolulu": "US",
    "Seattle": "US", "Chicago": "US", "Tokyo": "JP", "Osaka": "JP", "Kyoto": "JP",
    "Hiroshima": "JP", "Nagoya": "JP", "Sapporo": "JP", "Fukuoka": "JP", "Sendai": "JP",
    "Takamatsu": "JP", "Kobe": "JP", "Yokohama": "JP", "Niigata": "JP", "Paris": "FR",
    "Brussels": "BE", "London": "GB", "Berlin": "DE", "Rome": "IT", "Ottawa": "CA",
    "Canberra": "AU", "Sydney": "AU", "Melbourne": "AU", "Perth": "AU", "Adelaide": "AU",
    "Brisbane": "AU", "Seoul": "KR", "Busan": "KR", "Beijing": "CN", "New Delhi": "IN",
    "Jakarta": "ID", "Singapore": "SG", "Hanoi": "VN", "Bangkok": "TH", "Manila": "PH",
    "Kuala Lumpur": "MY", "Santiago": "CL", "Lima": "PE", "Buenos Aires": "AR",
    "Brasilia": "BR", "Mexico City": "MX", "Geneva": "CH", "Davos": "CH", "Riyadh": "SA",
    "Abu Dhabi": "AE", "Dubai": "AE", "Nairobi": "KE", "Wellington": "NZ", "Auckland": "NZ",
    "Vientiane": "LA", "Ulaanbaatar": "MN", "Astana": "KZ", "Hong Kong": "HK", "Taipei": "TW",
}  # fmt: skip
JAPANESE_CITIES = {
    "東京": "Tokyo", "ワシントンD.C.": "Washington, D.C.", "ワシントン": "Washington",
    "パリ": "Paris", "ブリュッセル": "Brussels", "ロンドン": "London", "大阪": "Osaka",
    "キャンベラ": "Canberra", "ソウル": "Seoul", "サンティアゴ": "Santiago", "ニューヨーク": "New York",
    "サンフランシスコ": "San Francisco", "デトロイト": "Detroit", "ロサンゼルス": "Los Angeles",
    "シドニー": "Sydney", "ジャカルタ": "Jakarta", "ニューデリー": "New Delhi", "北京": "Beijing",
    "マニラ": "Manila", "ソウル特別市": "Seoul", "キャンベラ市": "Canberra", "ハノイ": "Hanoi",
    "バンコク": "Bangkok", "シンガポール": "Singapore", "クアラルンプール": "Kuala Lumpur",
    "リマ": "Lima", "ブエノスアイレス": "Buenos Aires", "メキシコシティ": "Mexico City",
    "リヤド": "Riyadh", "アブダビ": "Abu Dhabi", "ドバイ": "Dubai", "ナイロビ": "Nairobi",
    "ウランバートル": "Ulaanbaatar", "ニューデリー市": "New Delhi", "広島": "Hiroshima",
    "京都": "Kyoto", "名古屋": "Nagoya", "札幌": "Sapporo", "福岡": "Fukuoka", "仙台": "Sendai",
    "高松": "Takamatsu", "神戸": "Kobe", "横浜": "Yokohama", "新潟": "Niigata",
    "ジュネーブ": "Geneva", "ベルリン": "Berlin", "ローマ": "Rome", "オタワ": "Ottawa",
}  # fmt: skip
US_STATES = [
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "Wisconsin",
    "Wyoming",
]

# Countries releases name in ways django-countries does not: name or demonym → code.
COUNTRY_WORDS = {
    "Japan": "JP", "Japanese": "JP", "U.S.": "US", "US": "US", "USA": "US",
    "United States": "US", "United States of America": "US", "American": "US",
    "America": "US", "EU": "EU", "European Union": "EU", "European Commission": "EU",
    "Korea": "KR", "Korean": "KR", "Republic of Korea": "KR", "ROK": "KR",
    "Australia": "AU", "Australian": "AU", "Chile": "CL", "Chilean": "CL", "UK": "GB",
    "U.K.": "GB", "United Kingdom": "GB", "British": "GB", "India": "IN", "Indian": "IN",
    "Canada": "CA", "Canadian": "CA", "Germany": "DE", "German": "DE", "France": "FR",
    "French": "FR", "Italy": "IT", "Italian": "IT", "Indonesia": "ID", "Indonesian": "ID",
    "Philippines": "PH", "Philippine": "PH", "Vietnam": "VN", "Viet Nam": "VN",
    "Vietnamese": "VN", "Mongolia": "MN", "Mongolian": "MN", "Argentina": "AR", "Peru": "PE",
    "Brazil": "BR", "Mexico": "MX", "Saudi Arabia": "SA", "UAE": "AE", "New Zealand": "NZ",
    "Kazakhstan": "KZ", "Singapore": "SG", "Thailand": "TH", "Malaysia": "MY",
    "日本": "JP", "米国": "US", "フィリピン共和国": "PH", "アメリカ": "US", "アメリカ合衆国": "US", "欧州連合": "EU",
    "韓国": "KR", "大韓民国": "KR", "豪州": "AU", "オーストラリア": "AU", "チリ": "CL",
    "チリ共和国": "CL", "英国": "GB", "インド": "IN", "カナダ": "CA", "ドイツ": "DE",
    "フランス": "FR", "インドネシア": "ID", "フィリピン": "PH", "ベトナム": "VN", "モンゴル": "MN",
    "アルゼンチン": "AR", "ペルー": "PE", "ブラジル": "BR", "メキシコ": "MX", "サウジアラビア": "SA",
}  # fmt: skip
# Ministries by acronym or name, which tell a participant's government.
ORGANIZATION_COUNTRIES = {
    "METI": "JP", "MOFA": "JP", "MOF": "JP", "ANRE": "JP", "JOGMEC": "JP", "MOTIE": "KR",
    "DFAT": "AU", "USTR": "US", "DOC": "US", "Department of Commerce": "US",
    "Department of State": "US", "State Department": "US", "European Commission": "EU",
}  # fmt: skip

# Minerals as Japanese releases write them (the archive's mineral aliases extend this).
MINERAL_ALIASES = {
    "aluminum": ["aluminium", "アルミニウム"], "antimony": ["アンチモン"], "barite": ["baryte"],
    "beryllium": ["ベリリウム"], "bismuth": ["ビスマス"], "cesium": ["caesium", "セシウム"],
    "chromium": ["クロム"], "cobalt": ["コバルト"], "dysprosium": ["ジスプロシウム"],
    "fluorspar": ["蛍石"], "gallium": ["ガリウム"], "germanium": ["ゲルマニウム"],
    "graphite": ["黒鉛", "グラファイト"], "hafnium": ["ハフニウム"], "indium": ["インジウム"],
    "lithium": ["リチウム"], "magnesium": ["マグネシウム"], "manganese": ["マンガン"],
    "neodymium": ["ネオジム"], "nickel": ["ニッケル"], "niobium": ["ニオブ"],
    "palladium": ["パラジウム"], "platinum": ["白金", "プラチナ"], "tantalum": ["タンタル"],
    "titanium": ["チタン"], "tungsten": ["タングステン"], "vanadium": ["バナジウム"],
    "zirconium": ["ジルコニウム"], "copper": ["銅"], "uranium": ["ウラン"], "silicon": ["シリコン"],
    "rare earth": [], "terbium": ["テルビウム"], "scandium": ["スカンジウム"],
    "strontium": ["ストロンチウム"], "molybdenum": ["モリブデン"], "tellurium": ["テルル"],
}  # fmt: skip

# Recurring formats, so an acronym alone ("JUCIP", "Economic 2+2") is recognised on an empty archive.
SERIES = [
    ("Japan-U.S. Commercial and Industrial Partnership", "JUCIP",
     ["U.S.-Japan Commercial and Industrial Partnership",
      "Japan-United States Commercial and Industrial Partnership"]),
    ("Japan-U.S. Economic Policy Consultative Committee", "EPCC",
     ["U.S.-Japan Economic Policy Consultative Committee", "Economic 2+2", "経済版2+2"]),
    ("Japan-EU High Level Economic Dialogue", "HLED",
     ["EU-Japan High Level Economic Dialogue", "Japan-EU High-Level Economic Dialogue"]),
    ("Japan-Australia Ministerial Economic Dialogue", "", []),
    ("Korea-Japan Mineral Resources Cooperation Dialogue", "", []),
]  # fmt: skip


# Officials of the archive's main partners (2009–2025), so names, name orders and governments are
# known on an empty archive: (given name, family name, country, spellings in other scripts).
BASE_PEOPLE = [
    ("Ken", "Saito", "JP", ["齋藤健", "斎藤健"]), ("Yasutoshi", "Nishimura", "JP", ["西村康稔"]),
    ("Koichi", "Hagiuda", "JP", ["萩生田光一"]), ("Hiroshi", "Kajiyama", "JP", ["梶山弘志"]),
    ("Yoji", "Muto", "JP", ["武藤容治"]), ("Ryosei", "Akazawa", "JP", ["赤澤亮正", "赤沢亮正"]),
    ("Yoko", "Kamikawa", "JP", ["上川陽子"]), ("Yoshimasa", "Hayashi", "JP", ["林芳正"]),
    ("Takeshi", "Iwaya", "JP", ["岩屋毅"]), ("Toshimitsu", "Motegi", "JP", ["茂木敏充"]),
    ("Koji", "Tomita", "JP", ["冨田浩司"]), ("Shigeo", "Yamada", "JP", ["山田重夫"]),
    ("Hiroshige", "Seko", "JP", ["世耕弘成"]), ("Masayuki", "Naoshima", "JP", ["直嶋正行"]),
    ("Takeshi", "Akahori", "JP", ["赤堀毅"]), ("Takehiko", "Matsuo", "JP", ["松尾剛彦"]),
    ("Gina", "Raimondo", "US", ["レモンド", "ライモンド"]), ("Antony", "Blinken", "US", ["ブリンケン"]),
    ("Katherine", "Tai", "US", ["タイ"]), ("Howard", "Lutnick", "US", ["ラトニック"]),
    ("Marco", "Rubio", "US", ["ルビオ"]), ("Jamieson", "Greer", "US", ["グリア"]),
    ("Scott", "Bessent", "US", ["ベッセント"]), ("Janet", "Yellen", "US", ["イエレン"]),
    ("Marisa", "Lago", "US", []), ("Jose", "Fernandez", "US", []), ("Rahm", "Emanuel", "US", []),
    ("Valdis", "Dombrovskis", "EU", ["ドムブロウスキス", "ドンブロウスキス"]),
    ("Maroš", "Šefčovič", "EU", ["シェフチョビッチ"]), ("Thierry", "Breton", "EU", ["ブルトン"]),
    ("Dan", "Tehan", "AU", []), ("Don", "Farrell", "AU", ["ファレル"]),
    ("Madeleine", "King", "AU", ["キング"]), ("Penny", "Wong", "AU", ["ウォン"]),
    ("Simon", "Birmingham", "AU", []), ("Angus", "Taylor", "AU", []), ("Simon", "Crean", "AU", []),
    ("Duk-geun", "Ahn", "KR", ["安徳根", "アン・ドックン"]), ("Chang-yang", "Lee", "KR", []),
    ("In-kyo", "Cheong", "KR", []), ("Han-koo", "Yeo", "KR", []), ("Chang-hyun", "Yoon", "KR", []),
    ("Piyush", "Goyal", "IN", ["ゴヤル"]), ("Kemi", "Badenoch", "GB", []),
    ("Jonathan", "Reynolds", "GB", []), ("Aurora", "Williams", "CL", ["ウィリアムス", "ウィリアムズ"]),
    ("Enrique", "Manalo", "PH", ["マナロ"]), ("Mary", "Ng", "CA", []),
]  # fmt: skip


# --- Normalisation shared by matching and scoring ------------------------------------------------

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
QUOTES = "\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u300c\u300d\u300e\u300f"


def fold(text: str | None) -> str:
    """Compare names: NFKC, case, dashes, quotes, 'U.S.'/'United States', spacing."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = "".join("-" if ch in DASHES else ch for ch in text)
    text = "".join(ch for ch in text if ch not in QUOTES)
    text = text.casefold()
    text = re.sub(
        r"\bunited states of america\b|\bunited states\b|\bu\.s\.a\.?|\bu\.s\.(?=\W|$)|\busa\b",
        "us",
        text,
    )
    text = re.sub(r"\beuropean union\b", "eu", text)
    text = re.sub(r"\s*-\s*", " ", text)
    text = re.sub(r"[^\w+]+", " ", text)
    return " ".join(text.split())


def strip_accents(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


# --- The gazetteer ------------------------------------------------------------------------------


@dataclass
class KnownPerson:
    pk: int | None
    name: str
    family_name: str
    given_name: str
    country: str | None
    spellings: list[str]
    title: str = ""


@dataclass
class KnownSeries:
    pk: int | None
    name: str
    acronym: str
    spellings: list[str]


@dataclass
class Gazetteer:
    people: list[KnownPerson] = field(default_factory=list)
    series: list[KnownSeries] = field(default_factory=list)
    country_words: dict[str, str] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)
    minerals: dict[str, list[str]] = field(default_factory=dict)  # name → spellings
    topics: dict[str, list[str]] = field(default_factory=dict)  # slug → keywords
    organizations: dict[str, str] = field(default_factory=dict)  # name/acronym → country
    office_countries: list[tuple[str, str]] = field(default_factory=list)
    script_names: dict[str, str] = field(default_factory=dict)

    def family_names(self) -> set[str]:
        return {p.family_name.casefold() for p in self.people if p.family_name}


def base_gazetteer() -> Gazetteer:
    gazetteer = Gazetteer(
        country_words=dict(COUNTRY_WORDS),
        cities=dict(CITIES),
        minerals={name: [name, *aliases] for name, aliases in MINERAL_ALIASES.items()},
        organizations=dict(ORGANIZATION_COUNTRIES),
        office_countries=list(OFFICE_COUNTRIES),
        script_names=dict(JAPANESE_SCRIPT_NAMES),
    )
    gazetteer.minerals.pop("rare earth", None)
    for given, family, country, scripts in BASE_PEOPLE:
        gazetteer.people.append(
            KnownPerson(
                pk=None,
                name=f"{given} {family}",
                family_name=family,
                given_name=given,
                country=country,
                spellings=[f"{given} {family}", f"{family} {given}", f"{family.upper()} {given}"],
            )
        )
        for script in scripts:
            gazetteer.script_names.setdefault(script.split("・")[-1], family)
            gazetteer.script_names.setdefault(script, family)
    for name, acronym, alternatives in SERIES:
        gazetteer.series.append(KnownSeries(None, name, acronym, [name, *alternatives]))
    return gazetteer


def load_gazetteer() -> Gazetteer:
    """The base list merged with everything the archive holds (a handful of queries)."""
    from meetings.models import (
        Country,
        CriticalMineral,
        MeetingSeries,
        Membership,
        Organization,
        Person,
        Topic,
    )

    gazetteer = base_gazetteer()
    for country in Country.objects.all():
        for word in [country.name, country.short_name, country.demonym, *country.aliases]:
            if word and len(word) > 1:
                gazetteer.country_words.setdefault(word, country.code)
        if country.capital:
            gazetteer.cities.setdefault(country.capital, country.code)
    minerals = {}
    for mineral in CriticalMineral.objects.all():
        spellings = [mineral.name, *gazetteer.minerals.get(mineral.name, []), *mineral.aliases]
        minerals[mineral.name] = [s for s in spellings if s]
    if minerals:
        gazetteer.minerals = minerals
    gazetteer.topics = {
        topic.slug: [k for k in [topic.name, *topic.keywords] if k] for topic in Topic.objects.all()
    }
    for organization in Organization.objects.exclude(country=None):
        gazetteer.organizations.setdefault(organization.name, organization.country_id)
        if organization.acronym:
            gazetteer.organizations.setdefault(organization.acronym, organization.country_id)
    titles = {}
    for membership in Membership.objects.select_related("organization").order_by(
        "person_id", "-start_date"
    ):
        titles.setdefault(membership.person_id, membership.title)
        if membership.organization.country_id and membership.title:
            gazetteer.office_countries.append(
                (re.escape(membership.title), membership.organization.country_id)
            )
    known_names = set()
    for person in Person.objects.all():
        spellings = person.all_names
        known_names.update(fold(spelling) for spelling in spellings)
        gazetteer.people.append(
            KnownPerson(
                pk=person.pk,
                name=person.name,
                family_name=person.family_name or person.name.split()[-1],
                given_name=person.given_name,
                country=person.country_id,
                spellings=spellings,
                title=titles.get(person.pk, ""),
            )
        )
        if person.native_name and person.family_name:
            native = person.native_name.replace(" ", "")
            # The surname in script is the first characters of the native name when the
            # romanised family name is listed; keep both full and 2-character forms.
            gazetteer.script_names.setdefault(native, person.family_name)
            if len(native) >= 3:
                gazetteer.script_names.setdefault(native[:2], person.family_name)
    # The archive's own records win over the base list's for the same person.
    gazetteer.people = [
        p for p in gazetteer.people if p.pk is not None or fold(p.name) not in known_names
    ]
    known = {fold(s.name) for s in gazetteer.series}
    for series in MeetingSeries.objects.all():
        spellings = [series.name, *series.alternative_names]
        entry = KnownSeries(series.pk, series.name, series.acronym, spellings)
        if fold(series.name) in known:
            gazetteer.series = [s for s in gazetteer.series if fold(s.name) != fold(series.name)]
        gazetteer.series.append(entry)
    return gazetteer
