"""Japanese titles, names and summaries of the bundled records (meetings/opendata/data/archive.json),
written by the archive's editors in their own words. `python scripts/bundled_japanese.py` writes
them into archive.json; then regenerate the file on a freshly loaded database as README says."""

import json
import sys
from pathlib import Path

ARCHIVE = Path(__file__).resolve().parent.parent / "meetings" / "opendata" / "data" / "archive.json"

MEETINGS = {
    "2009-10-27-1st-australia-japan-trade-and-economic-ministerial-dialogue": (
        "第1回日豪貿易経済閣僚対話",
        "豪州のクリーン貿易相と直嶋経済産業大臣が、通商・経済政策を定期的に話し合う場として新たな対話を立ち上げた。両経済の補完性を確認し、食料・エネルギー・鉱物資源の安定供給国としての豪州の役割と双方向の投資の拡大を歓迎した。包括的な経済連携協定の締結に向けた決意も改めて示した。",
    ),
    "2021-07-15-3rd-japan-australia-ministerial-economic-dialogue": (
        "第3回日豪閣僚経済対話",
        "テーハン貿易相と梶山経済産業大臣が東京の経済産業省で第3回の対話を共同議長として開き、テイラー・エネルギー相もオンラインで参加して脱炭素に向けた協力を進めた。自由で公正な貿易と多角的貿易体制の支持、英国の加入手続きが進むCPTPPの高い水準の維持、RCEPの発効への期待を確認し、共同声明をまとめた。",
    ),
    "2021-11-15-launch-of-the-japan-us-commercial-and-industrial-partnership": (
        "日米商務・産業パートナーシップ（JUCIP）の立ち上げ",
        "レモンド商務長官が就任後初めて来日し、萩生田経済産業大臣と東京で会談した。両者は経済産業省と商務省の常設の協議の場として日米商務・産業パートナーシップ（JUCIP）を設けた。2021年4月の首脳間の「競争力・強靱性（コア）パートナーシップ」に位置づけ、半導体や5Gなどのサプライチェーン強靱化、重要技術の保護、インフラ、クリーンエネルギー、市場をゆがめる貿易慣行への対応を当初の協力分野とした。",
    ),
    "2022-05-04-1st-jucip-ministerial-meeting": (
        "日米商務・産業パートナーシップ（JUCIP）第1回閣僚会合",
        "訪米中の萩生田経済産業大臣がワシントンでレモンド商務長官とJUCIPの第1回閣僚会合を開いた。会合後の共同声明は、世界の経済秩序への脅威に立ち向かうには商務・産業分野の協力の深化が欠かせないとし、両国は半導体とエネルギーで緊密に協力することで一致した。",
    ),
    "2022-07-29-1st-japan-us-economic-2-plus-2-ministerial-meeting": (
        "日米経済政策協議委員会（経済版2+2）第1回閣僚会合",
        "ブリンケン国務長官とレモンド商務長官が、林外務大臣と萩生田経済産業大臣を国務省に迎え、経済版2+2の初の閣僚会合を開いた。経済安全保障を安全保障全体の一部と位置づけ、経済的威圧や不公正で不透明な融資に反対し、ロシアのウクライナ侵略を受けたサプライチェーンの強靱化、重要・新興技術、エネルギー・食料安全保障を議論した。経済安全保障とルールに基づく秩序に関する共同声明を発出した。",
    ),
    "2023-01-05-nishimura-raimondo-meeting-in-washington": (
        "西村経済産業大臣とレモンド商務長官の日米会談",
        "ワシントンとラスベガスを訪れた西村経済産業大臣が、初日にレモンド商務長官と会談した。IPEF、次世代半導体を含む重要・新興技術、サプライチェーン、輸出管理について意見を交わし、次世代半導体の量産に向けたラピダスとIBMの共同事業について説明を受けた。西村大臣はインフレ削減法の電気自動車税額控除に対する日本の懸念も伝えた。",
    ),
    "2023-03-28-signing-of-the-japan-us-critical-minerals-agreement": (
        "日米重要鉱物協定の署名",
        "タイ通商代表と冨田駐米大使が、重要鉱物のサプライチェーン強化に関する日米の協定に署名した。2019年の日米貿易協定を土台に、電気自動車の電池に使う鉱物を対象とする。両国は重要鉱物に輸出税を課さないこと、第三国の非市場的な政策について協議すること、この分野の外国投資審査の知見を共有すること、労働者の権利と環境基準で協力することを約束した。協定は署名と同時に発効した。",
    ),
    "2023-05-26-2nd-jucip-ministerial-meeting": (
        "日米商務・産業パートナーシップ（JUCIP）第2回閣僚会合",
        "レモンド商務長官と西村経済産業大臣がデトロイトでJUCIPの第2回閣僚会合を開き、共同声明を発出した。米国の国立半導体技術センターと日本の最先端半導体技術センター（LSTC）の連携を後押しし、次世代半導体のロードマップや人材育成に取り組むことで一致した。協力はAI、量子、バイオテクノロジー、サイバーセキュリティにも広げた。IPEFなどを通じたインド太平洋の新興・途上国との連携や輸出管理も話し合った。",
    ),
    "2023-06-27-3rd-japan-eu-high-level-economic-dialogue": (
        "第3回日EUハイレベル経済対話",
        "ドムブロウスキス上級副委員長、林外務大臣、西村経済産業大臣がオンラインで第3回のハイレベル経済対話を開いた。対象を広げることで合意していた経済安全保障が中心の議題となった。法的拘束力のない「日EUデジタル貿易原則」をまとめ、威圧への対抗措置、輸出管理、投資審査での協力や、半導体を含むサプライチェーンの強靱化を議論した。",
    ),
    "2023-10-28-4th-japan-eu-high-level-economic-dialogue": (
        "第4回日EUハイレベル経済対話",
        "大阪でのG7貿易相会合の機会に、上川外務大臣と西村経済産業大臣がドムブロウスキス上級副委員長と第4回のハイレベル経済対話を行った。日EU経済連携協定にデータの自由な流通に関する規定を加えることで大筋合意したことを確認し、改正議定書の署名に向けた手続きを急ぐことで一致した。国際貿易をめぐる最近の動きと日EU協力についても意見を交わした。",
    ),
    "2023-11-14-2nd-japan-us-economic-2-plus-2-ministerial-meeting": (
        "日米経済政策協議委員会（経済版2+2）第2回閣僚会合",
        "上川外務大臣と西村経済産業大臣が、サンフランシスコでブリンケン国務長官、レモンド商務長官と経済版2+2の第2回閣僚会合を開き、4閣僚で共同声明を発出した。両政府はその後の成果として、透明で強靱かつ持続可能なサプライチェーンに関するタスクフォースの設置や、汎用（レガシー）半導体と非市場的な政策・慣行への対応での協力を挙げている。",
    ),
    "2024-04-10-3rd-jucip-ministerial-meeting": (
        "日米商務・産業パートナーシップ（JUCIP）第3回閣僚会合",
        "ワシントンでの日米首脳会談と同じ日に、齋藤経済産業大臣とレモンド商務長官がJUCIPの第3回閣僚会合を開いた。これまでの進捗を確かめ、首脳会談の成果を両省でどう実現するかを話し合った。非市場的な政策やレガシー半導体を含め、透明で強靱かつ持続可能なサプライチェーンに向けた作業を加速することを確認し、半導体、AI、量子、バイオテクノロジーなど重要・新興技術での進展を歓迎した。会合後に共同プレスリリースを発出した。",
    ),
    "2024-05-02-5th-japan-eu-high-level-economic-dialogue": (
        "第5回日EUハイレベル経済対話",
        "OECD閣僚理事会のためパリを訪れた上川外務大臣と齋藤経済産業大臣が、ドムブロウスキス上級副委員長と第5回のハイレベル経済対話を行った。共同プレス声明を発出し、重要鉱物や半導体などの戦略物資を対象とする「透明・強靱で持続可能なサプライチェーン・イニシアティブ」を立ち上げ、WTOを中核とする貿易体制を改めて支持した。経済安全保障や経済的威圧についても議論し、経済連携協定のデータ流通規定の国内手続き完了を歓迎した。",
    ),
    "2024-06-14-japan-chile-mining-ministers-meeting": (
        "齋藤経済産業大臣とチリのウィリアムズ鉱業大臣の会談",
        "齋藤経済産業大臣が東京でチリのウィリアムズ鉱業大臣と会談し、鉱業分野の二国間協力の方向性を話し合った。両大臣は、2014年に結び2019年に更新した鉱業・鉱物資源分野の協力覚書の改定に署名した。改定により、JOGMECや日本企業の支援による持続可能なリチウム開発での協力が加わり、両国の官民鉱業協議会が定例化された。ウィリアムズ大臣はその後、日本企業向けのセミナーでチリの重要鉱物・リチウム戦略を紹介した。",
    ),
    "2024-06-26-4th-jucip-ministerial-meeting": (
        "日米商務・産業パートナーシップ（JUCIP）第4回閣僚会合",
        "齋藤経済産業大臣とレモンド商務長官がワシントンでJUCIPの第4回閣僚会合を開き、会合後に共同プレスリリースを発出した。経済安全保障の観点から、経済的依存の武器化や、過剰生産能力を生みグローバル・サウスを含む世界の労働者に打撃を与える非市場的な政策に深い懸念を示した。強靱で信頼できるサプライチェーンに関するG7の原則に沿って、供給の強化と需要の創出に共同で取り組む戦略分野を選ぶことで一致した。輸出管理や、ガリウム・ゲルマニウム・黒鉛の供給に関する協力の強化も取り上げた。",
    ),
    "2024-09-26-4th-japan-us-economic-2-plus-2-vice-ministerial-meeting": (
        "日米経済政策協議委員会（経済版2+2）第4回次官級会合",
        "米側のラゴ商務次官とフェルナンデス国務次官が、赤堀外務審議官・松尾経済産業審議官とオンラインで経済版2+2の第4回次官級会合を行った。非市場的慣行と過剰生産、黒鉛・ガリウム・ゲルマニウムを含む重要鉱物、経済的威圧、第三国への支援、日米の貿易・投資を議論し、半導体、オープンRAN、AI、海底ケーブルでの協力を再確認した。IPEFの3つの協定が近く発効することを歓迎した。",
    ),
    "2025-02-27-1st-korea-japan-mineral-resources-cooperation-dialogue": (
        "第1回日韓鉱物資源協力対話",
        "韓国の産業通商資源部と日本の経済産業省が、東京の経済産業省で局長級の鉱物資源対話を始めた。韓国側は尹昌鉉資源産業政策局長、日本側は浦田秀行製造産業局審議官が率いた。重要鉱物政策を比べ、備蓄やサプライチェーンのリスクへの対応で緊密に協力する枠組みを設けること、第三国での両国企業の共同開発・生産を後押しすることで一致した。鉱物安全保障パートナーシップ（MSP）と国際エネルギー機関（IEA）での連携も確認した。",
    ),
}

SERIES = {
    "australia-japan-trade-and-economic-ministerial-dialogue": "日豪貿易経済閣僚対話",
    "japan-australia-ministerial-economic-dialogue": "日豪閣僚経済対話",
    "japan-eu-high-level-economic-dialogue": "日EUハイレベル経済対話",
    "japan-us-commercial-and-industrial-partnership": "日米商務・産業パートナーシップ",
    "japan-us-economic-policy-consultative-committee": "日米経済政策協議委員会（経済版2+2）",
    "korea-japan-mineral-resources-cooperation-dialogue": "日韓鉱物資源協力対話",
}

SERIES_DESCRIPTIONS = {
    "australia-japan-trade-and-economic-ministerial-dialogue": "豪州の貿易相と日本の経済産業大臣が通商・経済政策を定期的に話し合う対話で、2009年10月に初めて開かれた。後の閣僚経済対話との関係は出典に示されていないため、別のシリーズとして扱う。",
    "japan-australia-ministerial-economic-dialogue": "豪州の貿易相と日本の経済産業大臣が共同議長を務め、エネルギーや資源の担当大臣も加わることの多い対話。通商政策、エネルギー、脱炭素への移行を扱う。",
    "japan-eu-high-level-economic-dialogue": "欧州委員会で通商を担当する上級副委員長と、日本の外務大臣・経済産業大臣による閣僚級の対話。2023年からは通商や日EU経済連携協定の実施に加えて、経済安全保障も扱うようになった。",
    "japan-us-commercial-and-industrial-partnership": "日本の経済産業省と米国商務省の常設の協力の枠組みで、2021年11月に東京で萩生田大臣とレモンド長官が設けた。閣僚会合では、サプライチェーン、半導体などの重要技術、輸出管理、非市場的慣行への対応を扱う。",
    "japan-us-economic-policy-consultative-committee": "「経済版2+2」は、日本の外務大臣・経済産業大臣と米国の国務長官・商務長官による協議で、その間に次官級の会合もある。2022年1月の日米首脳会談で設置が決まり、経済安全保障とルールに基づく経済秩序を扱う。",
    "korea-japan-mineral-resources-cooperation-dialogue": "韓国の産業通商資源部と日本の経済産業省による局長級の対話で、重要鉱物政策、備蓄、第三国での共同事業を扱う。2025年2月に東京で始まった。",
}

ORGANIZATIONS = {
    "anre": "資源エネルギー庁",
    "anre-mineral-resources-division": "鉱物資源課",
    "anre-natural-resources-and-fuel-department": "資源・燃料部",
    "australian-government": "オーストラリア政府",
    "chile-ministry-of-mining": "チリ鉱業省",
    "dfat": "オーストラリア外務貿易省",
    "embassy-of-japan-in-the-united-states": "在アメリカ合衆国日本国大使館",
    "european-commission": "欧州委員会",
    "international-trade-administration": "米国国際貿易局",
    "meti": "経済産業省",
    "meti-americas-division": "米州課",
    "meti-manufacturing-industries-bureau": "製造産業局",
    "meti-trade-policy-bureau": "通商政策局",
    "mofa-japan": "外務省",
    "motie": "韓国産業通商資源部",
    "us-department-of-commerce": "米国商務省",
    "us-department-of-state": "米国国務省",
    "ustr": "米国通商代表部",
}

AGREEMENTS = {
    "2009-10-27-australia-japan-trade-and-economic-ministerial-dialogue-joint-statement": (
        "第1回日豪貿易経済閣僚対話 共同声明",
        "対話の立ち上げ、補完的な経済関係、包括的な経済連携協定をめざすことについての両大臣の声明。",
    ),
    "2021-07-15-japan-australia-ministerial-economic-dialogue-joint-statement": (
        "第3回日豪閣僚経済対話 共同声明",
        "パートナーシップ、脱炭素協力、多角的貿易体制、CPTPPとRCEPについての共同議長の声明。",
    ),
    "2021-11-15-raimondo-hagiuda-joint-statement-establishing-jucip": (
        "レモンド商務長官と萩生田経済産業大臣の共同声明（JUCIPの設立）",
        "JUCIPを設け、商務省と経済産業省の当初の協力分野を示した。",
    ),
    "2022-05-04-jucip-1st-ministerial-joint-statement": (
        "JUCIP第1回閣僚会合 共同声明",
        "経済秩序への脅威に対する商務・産業分野の協力についての、第1回閣僚会合後の共同声明。",
    ),
    "2022-07-29-epcc-joint-statement-economic-security-and-the-rules-based-order": (
        "日米経済政策協議委員会 共同声明：経済安全保障とルールに基づく秩序の強化",
        "経済版2+2の第1回会合で4閣僚が出した、経済安全保障、サプライチェーン、技術、ルールに基づく経済秩序についての声明。",
    ),
    "2023-03-28-japan-us-critical-minerals-agreement": (
        "重要鉱物のサプライチェーンの強化に関する日本国政府とアメリカ合衆国政府との間の協定",
        "電気自動車の電池用の重要鉱物に関する二国間協定。輸出税を課さないこと、非市場的な政策と投資審査についての協議、労働・環境での協力を定める。",
    ),
    "2023-05-26-jucip-2nd-ministerial-joint-statement": (
        "日米商務・産業パートナーシップ（JUCIP）第2回閣僚会合 共同声明",
        "両国の半導体技術センターの連携を柱に、重要・新興技術やインド太平洋のパートナーとの連携など、JUCIPの次の取組を示した。",
    ),
    "2023-06-27-eu-japan-digital-trade-principles": (
        "日EUデジタル貿易原則",
        "第3回ハイレベル経済対話でまとめた、データ・ガバナンス、デジタル貿易の円滑化、消費者と企業の信頼に関する法的拘束力のない原則。",
    ),
    "2023-11-14-epcc-2nd-ministerial-joint-statement": (
        "経済版2+2第2回閣僚会合 共同声明",
        "経済版2+2の第2回閣僚会合での4閣僚の共同声明。",
    ),
    "2024-04-10-jucip-3rd-ministerial-joint-press-release": (
        "日米商務・産業パートナーシップ閣僚会合（2024年4月10日）共同プレスリリース",
        "サプライチェーン、レガシー半導体、重要・新興技術についてのJUCIP第3回閣僚会合の共同プレスリリース。",
    ),
    "2024-05-02-japan-eu-high-level-economic-dialogue-joint-press-statement": (
        "日EUハイレベル経済対話 共同プレス声明",
        "透明・強靱で持続可能なサプライチェーン・イニシアティブを立ち上げ、WTOを中核とするルールに基づく貿易体制を支持した。",
    ),
    "2024-06-14-japan-chile-mining-memorandum-of-cooperation-revision": (
        "日チリ鉱業・鉱物資源分野の協力覚書の改定",
        "2014年の覚書（2019年に更新）を改め、持続可能なリチウム開発での協力と官民鉱業会合の定例化を加えた。",
    ),
    "2024-06-26-jucip-4th-ministerial-joint-press-release": (
        "JUCIP第4回閣僚会合 共同プレスリリース",
        "経済的依存の武器化、非市場的な政策と過剰生産、戦略分野での共同行動、輸出管理、重要鉱物の供給についての経済産業省と商務省の共同文書。",
    ),
}


def main() -> int:
    data = json.loads(ARCHIVE.read_text(encoding="utf-8"))
    sections = {
        "meetings": (MEETINGS, "title_ja", "summary_ja"),
        "agreements": (AGREEMENTS, "title_ja", "summary_ja"),
    }
    for section, (texts, title_field, summary_field) in sections.items():
        for record in data[section]:
            if record["slug"] in texts:
                record[title_field], record[summary_field] = texts[record["slug"]]
    for record in data["series"]:
        record["name_ja"] = SERIES.get(record["slug"], record.get("name_ja", ""))
        record["description_ja"] = SERIES_DESCRIPTIONS.get(
            record["slug"], record.get("description_ja", "")
        )
    for record in data["organizations"]:
        record["name_ja"] = ORGANIZATIONS.get(record["slug"], record.get("name_ja", ""))
    ARCHIVE.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
