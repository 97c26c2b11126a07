"""Regenerate the offline snapshot site that `serieswatch demo` serves (developer tool).

    python scheduler/demo/build_site.py

Writes site/ (the first pass) and revised/ (files swapped in for the demo's second pass) from
the page templates in tests/sitekit_templates via tests/sitekit.py. The generated pages are
committed; nothing imports this module at run time.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests"))

from sitekit import HOT_ZH, Link, Site, hot_box, image, player  # noqa: E402

SITE, REVISED = HERE / "site", HERE / "revised"
TOPIC = "/GB/8198/426918/index.html"                    # the demo's start URL
FIN = "http://finance.people.com.cn"
SERIES = "新时代京津冀协同发展十年新篇章系列报道之"

PART1 = "/n1/2024/0422/c1004-40220905.html"
PART1_POLITICS = "/n1/2024/0422/c1001-40220966.html"   # the same story under the politics channel
PART2 = "/n1/2024/0423/c1004-40221837.html"            # the seed; revised/ holds its edit
PART3 = "/n1/2024/0424/c1004-40222618.html"
BOXCON_2019 = "/n1/2019/0226/c1004-30903456.html"      # GB18030 bytes under a GB2312 meta
PRINT_2019 = "/n1/2019/0710/c1004-31223109.html"
ENGLISH = "/n3/2024/0227/c90000-20137000.html"
NOT_SERIES = "/n1/2024/0419/c1004-40219630.html"

P1_TITLE = "努力优化提升首都功能 京津冀协同发展迈入新阶段"
P2_TITLE = "协同创新赋能京津冀经济高质量发展"
P3_TITLE = "公共服务共建共享 京津冀百姓获得感成色更足"
NS_TITLE = "一季度财政收支运行平稳 财政部回应专项债等热点问题"

PART1_FIELDS = dict(
    kicker=SERIES + "一", title=P1_TITLE, subtitle="疏解北京非首都功能取得明显成效",
    published="2024-04-22 08:31", author="人民网记者 杜燕飞", editors=["杨光宇", "高雷"],
    author_id="104363", keywords="京津冀协同发展,非首都功能疏解,雄安新区",
    paragraphs=[
        "2014年2月，京津冀协同发展上升为重大国家战略。十年来，京津冀三地紧紧抓住疏解北京非首都功能这个“牛鼻子”，推动协同发展不断走深走实，区域整体实力迈上新台阶。",
        player("q_v_j-1", "2024/0422/5f3a9c01d2e84b7a.mp4"),
        "“疏解是为了更好地发展。”北京市发展改革委有关负责人在接受人民网记者采访时表示，十年来，北京累计退出一般制造业企业约3000家，疏解提升区域性专业市场和物流中心近1000个，“大城市病”治理取得明显成效。",
        "雄安新区从无到有、拔节生长。截至2023年底，雄安新区累计完成投资6500多亿元，4000多栋楼宇拔地而起，首批疏解的在京央企总部项目加快建设。",
        "北京城市副中心建设同样按下“快进键”。2023年，城市副中心完成固定资产投资超过1000亿元，连续5年保持千亿元以上投资强度。",
        "“轨道上的京津冀”加速形成。截至去年底，京津冀地区铁路营业总里程达10933公里，其中高铁2624公里，实现京津冀地级以上城市全覆盖。",
        image("/NMediaFile/2024/0422/MAIN1713745871620176248.jpg"),
        "生态环境联防联控联治成效显著。京津冀区域PM2.5平均浓度由2013年的106微克/立方米下降至2023年的38微克/立方米，降幅达64.2%，“北京蓝”成为常态。",
        "“京津冀协同发展已经进入滚石上山、爬坡过坎、攻坚克难的关键阶段。”中国人民大学应用经济学院教授孙久文表示，下一步要继续以疏解北京非首都功能为“牛鼻子”，推动北京“新两翼”建设取得更大突破，努力使京津冀成为中国式现代化建设的先行区、示范区。",
        "十年砥砺奋进，京津冀协同发展迈入新阶段。站在新的起点上，三地将携手书写高质量发展的新篇章。",
    ],
    related=[("京津冀协同发展十年：地区生产总值连跨5个万亿元台阶", FIN + "/n1/2024/0226/c1004-40183422.html")],
)

PART2_PARAGRAPHS = [
    "省界上的“断头路”架起了连通两地的新通道，北京二环边上的批发市场变身为国家级金融科技示范区，绵延千年的古运河经过治理变身为生机勃勃的“生态河”……京津冀协同发展十年来，京畿大地上新变化接连涌现，不断书写着新时代高质量发展的新篇章。",
    "“京津冀地区是我国经济最具活力、开放程度最高、创新能力最强、吸纳人口最多的地区之一。”国家发展改革委国土开发与地区经济研究所区域政策室主任李晓琳在接受人民网记者专访时表示，京津冀地区肩负着参与新一轮全球科技革命和产业变革、引领示范全国高质量发展的重要使命。",
    "一张蓝图逐步变为现实，主要取得了哪些成就？下一步又将如何发力？",
    "李晓琳介绍，去年，京津冀地区生产总值达到10.4万亿元，综合实力显著提升。特别是河北高质量发展跑出加速度，承接合作新动能加快形成，经济发展韧性和活力显著增强。2023年，河北省规模以上高新技术产业增加值占规模以上工业增加值的比重达21.4%，比2013年提高9.6个百分点。",
    "李晓琳分析，京津冀协同发展十年间，主要在三个方面下功夫。一是围绕疏解北京非首都功能这个“牛鼻子”，实现了空间共享、功能布局优化；二是不断加强协同创新和产业协作，形成参与全球科技产业竞争的重要引擎；三是三地“同城化”程度不断提高，加快建设宜居宜业宜游宜创的高品质生活圈。",
    "其中，协同创新和产业协作方面的成绩尤为亮眼。记者从北京市科委、中关村管委会了解到，截至去年底，中关村企业在津冀设立分支机构累计超1万家。",
    "京津冀三地科技部门深入推进科技创新协同发展。数据显示，北京流向津冀技术合同成交数由2013年的3176项增长至2023年的6758项，年均增长7.8%；成交额由2013年的71.2亿元增长至2023年的748.7亿元，年均增长26.5%。",
    "“产业链创新链协同是京津冀协同发展的重要命题。”李晓琳表示，近年来，三地围绕发挥北京科技创新资源优势、提升津冀承接能力，主动培育世界级产业集群，形成了“北京研发+津冀协同制造”模式。",
    "据了解，河北衡水创新港自2017年11月成立以来，“走出去”“引进来”双向发力。“入驻企业快速成长，平台承接京津科技成果转化能力越来越强，一大批京津转移的新兴产业在这里集聚成势、向‘智’发力。”衡水创新港副总指挥张庆柳介绍，目前，园区企业获得专利达93项，集聚创新创业人才130余名，将持续深入推进京津冀协同创新。",
    "十年来，京津冀三地优势互补、协同发力，推动科技创新协同发展。下一步，将在哪些方向发力？",
    "“未来，一方面建议在加快形成新质生产力上下功夫。”李晓琳表示，要进一步增强北京作为原始创新和技术创新主要策源地的功能，在实现高水平科技自立自强中发挥示范带动作用，加快建设北京国际科技创新中心和高水平人才高地，带动京津冀地区产业发展，共同打造世界级先进制造业集群。",
    "“另一方面，建议在提升津冀承接能力上下功夫。”李晓琳说，津冀要继续依托自身产业比较优势，积极承接北京科技创新成果外溢效应，加快产业转型升级步伐，持续提升津冀重点承接平台功能。",
    "十年来，京津冀协同发展夯基垒台、立柱架梁，实现质的有效提升和量的合理增长，取得了实实在在的创新成果。未来，一个协同发展更加有力、动能更加澎湃的京津冀地区，也必将展现出更大作为。（实习生张艺驰对本文亦有贡献）",
]
PART2_FIELDS = dict(
    kicker=SERIES + "二", title=P2_TITLE, subtitle="经济韧性和活力持续增强",
    published="2024-04-23 09:38", author="人民网记者 许维娜", editors=["沈家平", "高雷"],
    author_id="104398", keywords="京津冀协同发展,协同创新,高质量发展", paragraphs=PART2_PARAGRAPHS,
    related=[(P1_TITLE, FIN + PART1)],
    recommended=[
        Link(P2_TITLE, FIN + PART2, summary="省界上的“断头路”架起了连通两地的新通道，北京二环边上的批发市场变身为国家级金融科技示范区……"),
        Link(NS_TITLE, FIN + NOT_SERIES, summary="【要点速览】一季度，全国一般公共预算收入60877亿元，延续恢复性增长态势。一季度全国一般公共预算支出完成预算的24.5%，高于近三年平均水平……"),
    ],
)
# The edit the demo's second pass finds: a corrected figure and one more paragraph.
PART2_REVISED = dict(paragraphs=[
    *PART2_PARAGRAPHS[:3],
    PART2_PARAGRAPHS[3].replace("10.4万亿元", "10.5万亿元"),
    "另据初步核算，今年一季度，京津冀地区生产总值合计2.5万亿元，经济运行实现良好开局。",
    *PART2_PARAGRAPHS[4:],
])

PART3_FIELDS = dict(
    kicker=SERIES + "三", title=P3_TITLE, published="2024-04-24 10:15",
    author="人民网记者 王震", editors=["沈家平", "杨光宇"], author_id="104417",
    keywords="京津冀协同发展,公共服务,共建共享",
    paragraphs=[
        "看病就医更方便了，孩子在家门口就能上好学校，跨城通勤越来越便捷……京津冀协同发展十年来，三地公共服务共建共享持续推进，百姓的获得感、幸福感、安全感不断增强。",
        "在医疗卫生领域，京津冀跨省异地就医实现“一卡通行”。截至去年底，京津冀跨省异地就医门诊费用直接结算定点医药机构超过3.2万家，685家医疗机构实现50项临床检验结果互认。北京已向河北输出医疗卫生人才１２００余人次。",
        "在教育领域，三地累计开展跨省域合作办学、组建教育联盟等项目200余个，优质教育资源加快向津冀延伸。",
        image("/NMediaFile/2024/0424/MAIN1713924463519418372.jpg"),
        "交通一体化让“同城生活”成为现实。京津冀主要城市1至1.5小时交通圈基本形成，京津、京保石、京唐秦等城市间实现半小时至1小时通达。",
        "协同创新为公共服务共建共享提供了持续动力。北京市科学技术研究院发布的报告显示，京津冀协同创新指数由2013年的100增长至2022年的456.8，年均增长18.4%。",
        "“公共服务均衡化是协同发展的重要标志。”首都经济贸易大学特大城市经济社会发展研究院执行副院长叶堂林表示，要持续推动优质公共服务资源共建共享，让协同发展成果更多更公平惠及三地百姓。",
    ],
    related=[(P2_TITLE, FIN + PART2), (P1_TITLE, FIN + PART1)],
)

BOXCON_FIELDS = dict(
    template="box_con", kicker="京津冀协同发展五周年·成就篇",
    title="京津冀协同发展五年间：从“一亩三分地”到“一盘棋”", published="2019-02-26 07:16",
    author="本报记者　王喆　贺勇", editors=["王震", "万鹏"], author_id="88",
    outlet_url="http://paper.people.com.cn/", keywords="京津冀协同发展,五周年",
    encoding="gb18030",  # 喆 and · are outside GB2312; the meta still says GB2312
    paragraphs=[
        "五年前，京津冀协同发展上升为重大国家战略。五年来，三地打破“一亩三分地”的思维定式，“一盘棋”格局加速形成，协同发展取得显著成效。",
        "协同创新步伐加快。2018年，北京输出到津冀的技术合同成交额227.4亿元，比上年增长12.6%；截至2018年底，中关村企业在津冀两地设立分支机构累计达7800余家。",
        "天津主动承接北京非首都功能疏解。2018年，天津引进北京项目1100余个，到位资金1233.9亿元，占全市实际利用内资的比重达到44.8%。",
        "“我们把生产基地从北京搬到沧州，成本降了，订单反而多了。”北京一家医药企业负责人张喆告诉记者，企业在沧州渤海新区落户后，产能扩大了一倍多。",
        "生态环境持续改善。2018年，京津冀区域PM2.5平均浓度为56微克/立方米，比2013年下降48%。",
        "京津冀协同发展是一项系统工程，需要久久为功。站在新起点，三地将继续下好协同发展“一盘棋”。",
    ],
    related=[("京津冀协同发展五年来 北京“瘦身”河北“强身”", FIN + "/n1/2019/0225/c1004-30900716.html"),
             ("2018年京津冀三地地区生产总值合计8.5万亿元", "http://bj.people.com.cn/n2/2019/0221/c82840-32663129.html")],
    recommended=[Link("雄安新区：千年大计 蓝图绘就", "http://politics.people.com.cn/n1/2019/0102/c1001-30499826.html",
                      summary="雄安新区规划纲要发布一年来，新区规划体系基本建立，一批重点项目开工建设，已累计完成投资超过100亿元……")],
)

PRINT_FIELDS = dict(
    template="text_show", title="京津冀协同发展向纵深推进", subtitle="产业协作更加紧密 交通网络加快成形",
    published="2019-07-10 05:26", author="本报记者　张腾扬", editors=["白宇", "万鹏"], author_id="7",
    outlet_url="http://paper.people.com.cn/", keywords="京津冀协同发展",
    paper="《 人民日报 》（ 2019年07月10日 01 版）",
    paragraphs=[
        "本报北京7月9日电（记者张腾扬）记者从京津冀协同发展领导小组办公室获悉：今年上半年，京津冀协同发展在重点领域取得新进展，产业协作、交通一体化、生态环境保护等方面均有新突破。",
        "产业转移有序推进。上半年，河北省共承接京津转入基本单位1200余个，其中近七成来自北京。",
        "交通网络加快成形。截至6月底，京津冀地区高速公路总里程达9858公里，“断头路”“瓶颈路”加快打通；北京大兴国际机场将于9月底前正式投入运营。",
        "协同创新持续深化。上半年，北京输出到津冀的技术合同成交额111.5亿元，同比增长35.2%。",
        "生态环境质量继续改善。上半年，京津冀区域PM2.5平均浓度为57微克/立方米，同比下降5.0%。",
        "下一步，京津冀三地将以北京城市副中心和雄安新区建设为重点，推动京津冀协同发展向纵深推进。",
    ],
    related=[("上半年北京市地区生产总值15212.5亿元", "http://bj.people.com.cn/n2/2019/0719/c82840-33164229.html")],
)

ENGLISH_FIELDS = dict(
    template="english", title="Beijing-Tianjin-Hebei region sees fruitful results of coordinated development over past decade",
    published="2024-02-27 13:10", editors=["Zhang Kaiwei", "Liang Jun"], author_id="92",
    keywords="Beijing-Tianjin-Hebei,coordinated development,Jing-Jin-Ji,Xiong'an",
    paragraphs=[
        "BEIJING, Feb. 27 (Xinhua) -- A decade after the coordinated development of the Beijing-Tianjin-Hebei region became a major national strategy, the region — also known as Jing-Jin-Ji — has made solid progress in innovation, transportation and environmental protection, officials said Tuesday.",
        "The turnover of technology contracts from Beijing to Tianjin and Hebei rose from 7.12 billion yuan in 2013 to 74.87 billion yuan (about 10.5 billion U.S. dollars) in 2023, an average annual growth rate of 26.5 percent, according to the Beijing Municipal Science and Technology Commission.",
        "By the end of 2023, Zhongguancun enterprises had set up more than 10,000 branches in Tianjin and Hebei.",
        "Over the past 10 years, Beijing has phased out about 3,000 general manufacturing enterprises and relocated or upgraded nearly 1,000 regional wholesale markets and logistics centers, easing the capital of functions nonessential to its role as the capital.",
        "The Xiong'an New Area in Hebei, a key destination for the relocated functions, has attracted a total investment of more than 650 billion yuan since its establishment in 2017.",
        "The railway network in the region had reached 10,933 km by the end of last year, including 2,624 km of high-speed railways, covering all cities at and above the prefecture level.",
        "The average PM2.5 concentration in the region dropped from 106 micrograms per cubic meter in 2013 to 38 micrograms per cubic meter in 2023.",
        "Officials said efforts will be made to build a world-class city cluster with the capital at its core during the 14th Five-Year Plan period (2021-2025) and beyond.",
    ],
    related=[("Beijing-Tianjin-Hebei region’s GDP tops 10 trillion yuan", "http://en.people.cn/n3/2024/0130/c90000-20128931.html"),
             ("China's 5G base stations top 3.37 million", "http://en.people.cn/n3/2024/0125/c90000-20126345.html")],
)

NOT_SERIES_FIELDS = dict(
    title=NS_TITLE, published="2024-04-19 15:52", author="人民网记者 杨曦", editors=["杨光宇", "高雷"],
    author_id="104398", keywords="财政收支,专项债,一般公共预算",
    paragraphs=[
        "4月18日，财政部举行2024年一季度财政收支情况新闻发布会。",
        "【要点速览】一季度，全国一般公共预算收入60877亿元，扣除去年同期中小微企业缓税入库抬高基数等特殊因素影响后，可比增长2.2%左右，延续恢复性增长态势。",
        "支出方面，一季度全国一般公共预算支出72699亿元，比上年同期增长2.9%，完成预算的24.5%，高于近三年平均水平，重点支出保障有力，财政支出进度合理加快。",
        "专项债券方面，财政部国库司有关负责人介绍，一季度，各地发行新增地方政府专项债券6541亿元，主要用于市政和产业园区基础设施、交通基础设施、社会事业等领域。",
        "下一步，财政部将加快专项债券发行使用进度，持续发挥政府投资带动作用。",
    ],
    # Its sidebar links the series: furniture must not make it a series article.
    hot=[hot_box("热点推荐", [(P2_TITLE, FIN + PART2), (P1_TITLE, FIN + PART1),
                            ("一季度国内生产总值296299亿元 同比增长5.3%", FIN + "/n1/2024/0416/c1004-40216993.html")])],
)

HOT_FINANCE = [("央行：3月末人民币贷款余额同比增长9.6%", FIN + "/n1/2024/0412/c1004-40214622.html"),
               ("一季度全国新设经营主体超过700万户", FIN + "/n1/2024/0418/c1004-40218845.html")]
POLITICS_HOT = [hot_box("时政热点", [
    ("国务院常务会议研究部署6项重点工作", "http://politics.people.com.cn/n1/2024/0419/c1001-40219533.html"),
    ("我国森林覆盖率超过24%", "http://politics.people.com.cn/n1/2024/0421/c1001-40220311.html"),
])]


def build(site_dir: Path = SITE, revised_dir: Path = REVISED) -> list[str]:
    for d in (site_dir, revised_dir):
        shutil.rmtree(d, ignore_errors=True)
    site = Site(site_dir)
    site.robots("# Offline snapshot for `serieswatch demo`: everything may be crawled.\nUser-agent: *\nDisallow:\n")
    site.article(PART1, **PART1_FIELDS)
    site.article(PART1_POLITICS, channel="时政", hot=POLITICS_HOT, **PART1_FIELDS)
    part2 = site.article(PART2, **PART2_FIELDS)
    site.article(PART3, **PART3_FIELDS)
    site.article(BOXCON_2019, **BOXCON_FIELDS)
    site.article(PRINT_2019, **PRINT_FIELDS)
    site.article(ENGLISH, **ENGLISH_FIELDS)
    site.article(NOT_SERIES, **NOT_SERIES_FIELDS)
    # One start URL reaches everything: the topic pages' sidebars link the politics copy of part one,
    # the English report and an off-series finance story (relative links, same host).
    topic = dict(title="新时代京津冀协同发展十年新篇章", channel="财经", keywords="京津冀协同发展",
                 description="人民网财经频道京津冀协同发展专题", pages=2)
    site.listing(TOPIC, [(P3_TITLE, PART3, "2024-04-24"), (P2_TITLE, PART2, "2024-04-23"),
                         (P1_TITLE, PART1, "2024-04-22")], page=1, next_page="index2.html",
                 hot=[hot_box("财经要闻", [(NS_TITLE, NOT_SERIES), *HOT_FINANCE]),
                      hot_box("英文报道", [(ENGLISH_FIELDS["title"], ENGLISH)]), *HOT_ZH], **topic)
    site.listing(TOPIC.replace("index", "index2"), [(PRINT_FIELDS["title"], PRINT_2019, "2019-07-10"),
                                                    (BOXCON_FIELDS["title"], BOXCON_2019, "2019-02-26")],
                 page=2, prev_page="index.html", hot=[hot_box("时政频道", [(P1_TITLE, PART1_POLITICS)]), *HOT_ZH],
                 **topic)
    site.listing("/GB/70846/index.html", [(P1_TITLE, PART1_POLITICS, "2024-04-22"),
                                          (NS_TITLE, NOT_SERIES, "2024-04-19")],
                 title="滚动新闻", channel="财经")
    site.listing("/90785/index.html", [(ENGLISH_FIELDS["title"], ENGLISH, "2024-02-27")],
                 title="China", lang="en", description="China news from People's Daily Online")
    Site(revised_dir).write(PART2, replace(part2, **PART2_REVISED).render())
    return sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("*") if p.is_file())


if __name__ == "__main__":
    for name in build():
        print(name)
