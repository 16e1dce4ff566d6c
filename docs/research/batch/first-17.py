"""Corrections to the 17 records bundled before the batch (issue 12's findings), applied to the dump."""

import json
import sys
from pathlib import Path

path = sys.argv[1]
d = json.loads(Path(path).read_text(encoding="utf-8"))
M = {m["start_date"]: m for m in d["meetings"]}


def src(url, kind, publisher=None, language="en", published_on=None):
    return {
        "archived_url": "",
        "kind": kind,
        "language": language,
        "published_on": published_on,
        "publisher": publisher,
        "url": url,
    }


# Organizations: Chile's foreign-investment agency (its releases are on gob.cl, Chile's government domain).
if not any(o["slug"] == "investchile" for o in d["organizations"]):
    d["organizations"].append(
        {
            "acronym": "",
            "country": "CL",
            "kind": "agency",
            "name": "InvestChile (Foreign Investment Promotion Agency of Chile)",
            "name_ja": "チリ外国投資促進庁",
            "needs_review": False,
            "parent": None,
            "slug": "investchile",
            "sources": ["https://investchile.gob.cl/"],
            "url": "https://investchile.gob.cl/",
        }
    )

m = M["2009-10-27"]
m["summary"] = (
    "Australia's Trade Minister Simon Crean and Japan's METI Minister Masayuki Naoshima held the first "
    "round of a ministerial dialogue meant to give the two governments a regular, structured place to discuss "
    "trade and economic policy. They stressed how much the two economies complement each other, pointed to "
    "Australia's role as a reliable source of food, energy and minerals for Japan, and noted the recent rise in "
    "investment flowing both ways. They said they would keep working towards a free trade / economic partnership "
    "agreement, and looked at the world economy's recovery from the crisis."
)
m["summary_ja"] = (
    "クリーン豪貿易相と直嶋経済産業大臣が、通商・経済政策を定期的かつ体系的に話し合う閣僚対話の初回を開いた。"
    "両経済の補完性を強調し、日本にとって食料・エネルギー・鉱物資源の信頼できる供給国としての豪州の役割や、"
    "双方向の投資の最近の伸びに触れた。自由貿易協定・経済連携協定に向けて引き続き取り組むとし、"
    "経済危機からの世界経済の回復についても意見を交わした。"
)

m = M["2021-11-15"]
m["summary"] = (
    "Commerce Secretary Gina Raimondo and METI Minister Koichi Hagiuda met in Tokyo and set up the "
    "Japan-U.S. Commercial and Industrial Partnership (JUCIP), placing it under the Competitiveness and "
    "Resilience (CoRe) Partnership the two leaders launched in April 2021. The partnership is meant to make both "
    "economies more competitive, resilient and secure, to take on shared problems such as climate change, and to "
    "reach out to like-minded partners, including in the Indo-Pacific. METI's release adds that the ministers "
    "agreed to open talks on the U.S. Section 232 tariffs on Japanese steel and aluminium."
)
m["summary_ja"] = (
    "レモンド商務長官と萩生田経済産業大臣が東京で会談し、日米商務・産業パートナーシップ（JUCIP）を設立した。"
    "2021年4月に両首脳が立ち上げた「競争力・強靱性（コア）パートナーシップ」の下に位置づけ、両国経済の競争力・強靱性・"
    "安全の強化、気候変動など共通課題への対応、インド太平洋を含む同志国との連携を目指す。経済産業省の発表によれば、"
    "米通商拡大法232条に基づく日本の鉄鋼・アルミ製品への追加関税の問題について協議を始めることでも合意した。"
)
m["sources"].append(
    src("https://www.gov-base.info/2021/12/09/143080", "copy elsewhere", language="ja")
)

m = M["2022-05-04"]
m["summary"] = (
    "METI Minister Koichi Hagiuda, visiting Washington, held the first ministerial meeting of the "
    "Japan-U.S. Commercial and Industrial Partnership with Commerce Secretary Gina Raimondo, and the two issued "
    "a joint statement. The statement linked closer commercial and industrial cooperation between the two "
    "countries to meeting the threats facing the global economic order."
)
m["summary_ja"] = (
    "訪米中の萩生田経済産業大臣がワシントンでレモンド商務長官とJUCIPの第1回閣僚会合を開き、共同声明を発出した。"
    "声明は、世界の経済秩序が直面する脅威への対応に、日米の商務・産業分野での協力の深化を結びつけた。"
)

m = M["2023-03-28"]
m["summary"] = (
    "U.S. Trade Representative Katherine Tai and Japan's Ambassador to the United States, Koji Tomita, "
    "signed an agreement on strengthening critical minerals supply chains. Building on the 2019 U.S.-Japan Trade "
    "Agreement, it concerns the minerals that go into electric-vehicle batteries: the two sides commit not to "
    "impose export duties on them, to address other countries' non-market policies in the sector, to share good "
    "practice in reviewing foreign investment in it, and to work together on labour and environmental standards."
)
m["summary_ja"] = (
    "タイ米通商代表と冨田駐米大使が、重要鉱物のサプライチェーン強化に関する協定に署名した。"
    "2019年の日米貿易協定を土台に、電気自動車の電池に使われる鉱物を対象とし、輸出税を課さないこと、"
    "この分野での他国の非市場的な政策への対応、外国投資審査の好事例の共有、労働・環境基準での協力を約束している。"
)

m = M["2023-05-26"]
m["summary"] = (
    "Commerce Secretary Gina Raimondo and METI Minister Yasutoshi Nishimura held the second JUCIP "
    "ministerial meeting in Detroit and issued a joint statement. They backed cooperation between the planned "
    "U.S. National Semiconductor Technology Center and Japan's Leading-edge Semiconductor Technology Center on a "
    "roadmap for next-generation chips and the people to build them, and welcomed the partnership's spread to "
    "fields such as biotechnology and quantum. The statement also stressed working with emerging and developing "
    "economies in the Indo-Pacific, including through IPEF."
)
m["summary_ja"] = (
    "レモンド商務長官と西村経済産業大臣がデトロイトでJUCIPの第2回閣僚会合を開き、共同声明を発出した。"
    "設立予定の米国立半導体技術センターと日本の最先端半導体技術センター（LSTC）の連携による、次世代半導体の"
    "技術開発と人材育成のロードマップづくりを後押しし、協力がバイオや量子などの分野に広がったことを歓迎した。"
    "IPEFなどを通じたインド太平洋の新興国・途上国との協力の重要性も示した。"
)
m["official_source_unavailable"] = True
m["sources"].append(
    src(
        "https://www.jetro.go.jp/biznews/2023/05/41bac0133253d7ba.html",
        "news",
        language="ja",
        published_on="2023-05-29",
    )
)

m = M["2023-06-27"]
m["mode"] = "video conference"  # a round of the dialogue (kind), held online (mode)
m["venue"] = ""  # not a place: the mode says it was online
m["city"] = ""
m["venue_country"] = None
m["official_source_unavailable"] = True
m["summary"] = (
    "Executive Vice-President Valdis Dombrovskis, Foreign Minister Yoshimasa Hayashi and METI Minister "
    "Yasutoshi Nishimura held the third Japan-EU High-Level Economic Dialogue by video conference, with economic "
    "security at its centre after the two sides had widened the dialogue's remit. They adopted the EU-Japan "
    "Digital Trade Principles and talked about working together against economic coercion, on export controls "
    "and investment screening, and on more resilient supply chains."
)
m["summary_ja"] = (
    "ドムブロウスキス欧州委員会上級副委員長、林外務大臣、西村経済産業大臣がオンライン形式で第3回日EUハイレベル経済対話を開いた。"
    "対象を広げた対話の中心は経済安全保障で、「日EUデジタル貿易原則」を承認し、経済的威圧への対処、輸出管理・投資審査、"
    "強靱なサプライチェーンの構築での協力を話し合った。"
)
m["sources"].append(src("https://gov-base.info/2023/06/28/195804", "copy elsewhere", language="ja"))
m["sources"].append(
    src("http://amb-japon.fr/itpr_ja/11_000001_02080.html", "copy elsewhere", language="fr")
)

m = M["2023-11-14"]
for p in m["participants"]:
    p["role"] = "host" if p["country"] == "JP" else "guest"
m["sources"] = [
    s
    for s in m["sources"]
    if s["url"]
    not in (
        "https://www.meti.go.jp/english/press/2024/0411_001.html",
        "https://www.commerce.gov/news/press-releases/2024/01/readout-secretary-raimondos-meeting-minister-economy-trade-and-industry",
    )
]

m = M["2024-06-14"]
m["sources"].insert(
    0, src("https://investchile.gob.cl/?p=47179", "official release", publisher="investchile")
)

m = M["2024-09-26"]
m["mode"] = "video conference"  # the vice-ministerial round (kind), held online (mode)
m["venue"] = ""
m["official_source_unavailable"] = True
m["summary"] = (
    "The fourth vice-ministerial round of the Economic 2+2 was held by video link, with Under "
    "Secretaries Marisa Lago (Commerce) and Jose Fernandez (State) for the United States and Senior Deputy Foreign "
    "Minister Takeshi Akahori and METI's Vice-Minister for International Affairs Takehiko Matsuo for Japan. The "
    "agenda covered the economic order in the Indo-Pacific (non-market practices and overcapacity, economic "
    "coercion, help for third countries, trade and investment) and critical minerals, naming graphite, gallium "
    "and germanium. Both sides restated their commitment to promoting and protecting technologies such as "
    "semiconductors, Open RAN, AI and subsea cables, and looked ahead to three IPEF agreements entering into force."
)
m["summary_ja"] = (
    "経済版2+2の第4回次官級会合がオンラインで開かれ、米側からラーゴ商務次官とフェルナンデス国務次官、日本側から赤堀外務審議官と"
    "松尾経済産業審議官が出席した。インド太平洋の経済秩序（非市場的慣行と過剰生産、経済的威圧、第三国への支援、貿易・投資）と、"
    "黒鉛・ガリウム・ゲルマニウムを挙げた重要鉱物を議題とし、半導体、オープンRAN、AI、海底ケーブルなどの技術の育成・保護への"
    "取り組みを再確認した。IPEFの3協定の発効も見据えた。"
)


# --- second check (checks/fix17.md): host/guest by venue, summaries held to their sources, sources found ---
def set_roles(m, host_country):
    for p in m["participants"]:
        if p["role"] in ("head", "host", "guest"):
            p["role"] = "host" if p["country"] == host_country else "guest"


def swap(m, field, old, new):
    assert old in m[field], (m["start_date"], field, old)
    m[field] = m[field].replace(old, new)


# 2021-07-15: held at METI in Tokyo (Taylor joined online and stays a delegate); the CPTPP sentence said "defending"
# where the statement says the ministers will keep working to advance its high-standard rules.
m = M["2021-07-15"]
set_roles(m, "JP")
swap(
    m,
    "summary",
    "committed to defending the CPTPP's high standards while the United Kingdom sought to join",
    "promised to keep working together to advance the CPTPP's high-standard rules, the United Kingdom's accession process included",
)
swap(
    m,
    "summary_ja",
    "英国の加入手続きが進むCPTPPの高い水準の維持",
    "英国の加入手続きを含むCPTPPの高水準のルールの推進",
)

# 2021-11-15: the meeting was in Tokyo (METI's release, copied on gov-base; thefederalnewswire).
set_roles(M["2021-11-15"], "JP")

# 2022-05-04: Hagiuda visited Raimondo in Washington.
set_roles(M["2022-05-04"], "US")

# 2022-07-29: State's page of the opening remarks (Blinken welcomes the ministers "here to the State Department")
# backs the venue; the Japanese summary tied supply chains and technologies to the invasion of Ukraine too.
m = M["2022-07-29"]
m["sources"].append(
    src(
        "https://www.state.gov/opening-remarks-with-secretary-of-commerce-gina-m-raimondo-and-japanese-foreign-minister-hayashi-yoshimasa-and-minister-of-economy-trade-and-industry-hagiuda-koichi/",
        "transcript",
        publisher="us-department-of-state",
    )
)
swap(
    m,
    "summary_ja",
    "ロシアのウクライナ侵略を受けたサプライチェーンの強靱化、重要・新興技術、エネルギー・食料安全保障を議論した。",
    "サプライチェーンの強靱化、重要・新興技術、ロシアのウクライナ侵略で損なわれたエネルギー・食料安全保障を議論した。",
)

# 2023-03-28: signed at USTR in Washington; Ambassador Tomita is the visiting side.
set_roles(M["2023-03-28"], "US")

# 2023-05-26: no readable source names biotechnology or quantum for this meeting; replaced by what the statement
# (licht-journal copy) and Jiji say.
m = M["2023-05-26"]
swap(
    m,
    "summary",
    "and welcomed the partnership's spread to fields such as biotechnology and quantum",
    "and said they meant to hold the second Economic 2+2 ministerial meeting as early as suitable",
)
swap(
    m,
    "summary_ja",
    "協力がバイオや量子などの分野に広がったことを歓迎した。",
    "経済版2+2の第2回閣僚会合をできるだけ早く開く意向も示した。",
)

# 2023-10-28: the amb-japon.fr page is the Embassy of Japan in France's French text of MOFA's release, not a news report.
for s_ in M["2023-10-28"]["sources"]:
    if s_["url"] == "http://amb-japon.fr/itpr_ja/11_000001_02262.html":
        s_["kind"] = "copy elsewhere"
        s_["language"] = "fr"

# 2023-11-14: the "outcomes later cited" came from the 2024 pages removed above; the summary now rests on MOFA's and
# METI's own pages. Kamikawa opened the meeting "as the host" (State's transcript, read in a copy).
m = M["2023-11-14"]
m["summary"] = (
    "Foreign Minister Yoko Kamikawa and METI Minister Yasutoshi Nishimura met Secretary of State Antony Blinken "
    "and Commerce Secretary Gina Raimondo in San Francisco for the second ministerial meeting of the Economic 2+2, with "
    "Japan as host, and a joint statement came out afterwards. On the economic order in the Indo-Pacific they talked "
    "about economic coercion and non-market policies and practices, and the four confirmed that import bans lacking a "
    "scientific basis should be lifted at once, Japan having thanked the U.S. for its backing over the release of ALPS "
    "treated water. Their second subject was economic resilience and the promotion and protection of critical and "
    "emerging technologies."
)
m["summary_ja"] = (
    "上川外務大臣と西村経済産業大臣が、日本側の主催で、サンフランシスコでブリンケン国務長官、レモンド商務長官と経済版2+2の"
    "第2回閣僚会合を開き、会合後に共同声明が発出された。インド太平洋の経済秩序については経済的威圧や非市場的な政策・慣行への"
    "対応を話し合い、日本側がALPS処理水の放出への米国の支持に謝意を示した上で、科学的根拠のない輸入規制は直ちに撤廃されるべき"
    "ことを4閣僚で確認した。もう一つの議題は、経済的強靱性と重要・新興技術の育成・保護であった。"
)
m["sources"].append(
    src(
        "https://like123.com/secretary-antony-j-blinken-secretary-of-commerce-gina-m-raimondo-japanese-foreign-minister-kamikawa-yoko-and-japanese-minister-of-economy-trade-and-industry-nishimura-yasutoshi-before-their-meeting",
        "copy elsewhere",
    )
)

# 2024-04-10: the joint press release says "robust", not "resilient".
swap(
    M["2024-04-10"],
    "summary",
    "transparent, resilient and sustainable supply chains",
    "transparent, robust and sustainable supply chains",
)

# 2024-06-14: JOGMEC and Japanese companies' support was confirmed in the talks; it is not part of the revised MoC.
# Jiji (nippon.com) gives the signing at the ministry in Tokyo.
m = M["2024-06-14"]
swap(
    m,
    "summary",
    "The revision adds cooperation on sustainable lithium development, with support from JOGMEC and Japanese "
    "companies, and makes the two countries' public-private mining council a regular meeting.",
    "They confirmed that JOGMEC and Japanese companies would help Chile develop lithium sustainably; the revision adds "
    "cooperation in that field and makes the two countries' public-private mining council a regular meeting.",
)
swap(
    m,
    "summary_ja",
    "改定により、JOGMECや日本企業の支援による持続可能なリチウム開発での協力が加わり、両国の官民鉱業協議会が定例化された。",
    "持続可能なリチウム開発をめざすチリにJOGMECや日本企業が協力していくことを確認し、改定では同分野での協力と、両国の官民鉱業協議会の定例化が加わった。",
)
m["sources"].append(
    src(
        "https://www.nippon.com/en/news/yjj2024061400890/japan-chile-to-cooperate-in-lithium-development.html",
        "news",
        published_on="2024-06-14",
    )
)

# 2024-06-26: "from the economic-security standpoint" is in neither the readout nor METI's Japanese text.
swap(M["2024-06-26"], "summary_ja", "経済安全保障の観点から、経済的依存", "経済的依存")

# 2025-02-27: held at METI in Tokyo; stockpiling cooperation was discussed, the agreement was a cooperation system
# for responding to supply-chain risks.
m = M["2025-02-27"]
set_roles(m, "JP")
swap(
    m,
    "summary",
    "They compared critical-mineral policies, agreed to set up close cooperation on stockpiling and on "
    "responding to supply-chain risks, and to back",
    "They discussed each side's critical-mineral policies and stockpiling cooperation, agreed to build a close "
    "cooperation system for responding to supply-chain risks, and agreed to back",
)
swap(
    m,
    "summary_ja",
    "重要鉱物政策を比べ、備蓄やサプライチェーンのリスクへの対応で緊密に協力する枠組みを設けること、",
    "重要鉱物政策や備蓄での協力を話し合い、サプライチェーンのリスクに対応する緊密な協力体制を築くこと、",
)

for a in d["agreements"]:
    if a["slug"] == "2022-05-04-jucip-1st-ministerial-joint-statement":
        a["source_url"] = "https://www.meti.go.jp/english/press/2022/0506_003.html"
    if a["slug"] == "2024-06-26-jucip-4th-ministerial-joint-press-release":
        a["source_url"] = "https://www.meti.go.jp/english/press/2024/0628_001.html"
    if a["slug"] == "2024-06-14-japan-chile-mining-memorandum-of-cooperation-revision":
        a["sources"].insert(
            0,
            src("https://investchile.gob.cl/?p=47179", "official release", publisher="investchile"),
        )
        a["source_url"] = "https://investchile.gob.cl/?p=47179"
Path(path).write_text(json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
print("ok")
