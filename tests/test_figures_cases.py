"""Labelled sentences for the figure extractor (Chinese and English, People's Daily / Xinhua style).

Data only (no tests): each case is (sentence, publication date, [(value, unit, approx, period), ...]).
Used by tests/test_figures_labelled.py and benchmarks/bench_figures.py; also the place for
the seed article's labels (SEED_LABELS, from shared/design/FIGURES.md).
"""

from datetime import date

D = date(2024, 4, 23)

ZH_CASES = [
    ("去年，京津冀地区生产总值达到10.4万亿元，是2013年的1.9倍。", D,
     [(1.04e13, "CNY", None, "2023"), (1.9, "times", None, "2023")]),
    ("2023年，河北省规上工业增加值中高技术产业占比达21.4%，比2013年提高9.6个百分点。", D,
     [(21.4, "percent", None, "2023"), (9.6, "percentage_point", None, "2023")]),
    ("截至去年底，中关村企业在津冀设立分支机构超过1万家。", D, [(10000, "count", "more_than", "2023")]),
    ("北京流向津冀技术合同成交额由2013年的71.2亿元增长至2023年的748.7亿元，年均增长26.5%。", D,
     [(7.12e9, "CNY", None, "2013"), (7.487e10, "CNY", None, "2023"), (26.5, "percent", None, None)]),
    ("北京输出津冀技术合同由2013年的3176项增长至2023年的6758项，年均增长7.8%。", D,
     [(3176, "count", None, "2013"), (6758, "count", None, "2023"), (7.8, "percent", None, None)]),
    ("今年一季度，京津冀区域进出口1.25万亿元，同比增长4%，创历史同期新高。", D,
     [(1.25e12, "CNY", None, "2024-Q1"), (4, "percent", None, "2024-Q1")]),
    ("其中，北京地区进出口9093.6亿元，增长2.3%，占同期京津冀区域进出口总值的72.5%，上拉京津冀外贸增速1.7个百分点。", D,
     [(909360000000, "CNY", None, None), (2.3, "percent", None, None), (72.5, "percent", None, None),
      (1.7, "percentage_point", None, None)]),
    ("2023年，京津冀PM2.5平均浓度为38微克/立方米，较2013年下降64.3%。", D,
     [(38, "ug/m3", None, "2023"), (64.3, "percent", None, "2023")]),
    ("北京、天津、河北PM2.5年均浓度分别为32、41、38.1微克/立方米。", D,
     [(32, "ug/m3", None, None), (41, "ug/m3", None, None), (38.1, "ug/m3", None, None)]),
    ("京津冀协同创新指数由2013年的100增长至2022年的401.7。", D,
     [(100, "index", None, "2013"), (401.7, "index", None, "2022")]),
    ("十年来，京津冀三地常住人口总量保持在1.1亿人左右。", D, [(1.1e8, "count", "about", None)]),
    ("京津冀地区高速公路总里程达1.1万公里，比2014年增长约40%。", D,
     [(11000, "km", None, None), (40, "percent", "about", None)]),
    ("京津冀地区轨道交通运营里程达到10933公里，较2014年增长38.5%。", D,
     [(10933, "km", None, None), (38.5, "percent", None, None)]),
    ("上半年，天津新能源汽车产量同比增长超过2倍，达到6.2万辆。", date(2024, 7, 20),
     [(2, "times", "more_than", "2024-H1"), (62000, "count", None, "2024-H1")]),
    ("2023年北京市地区生产总值43760.7亿元，按不变价格计算，比上年增长5.2%。", D,
     [(4.37607e12, "CNY", None, "2023"), (5.2, "percent", None, "2023")]),
    ("天津全市生产总值16737.3亿元，比上年增长4.3%；河北全省生产总值43944.1亿元，增长5.5%。", date(2024, 1, 25),
     [(1.67373e12, "CNY", None, None), (4.3, "percent", None, None), (4.39441e12, "CNY", None, None),
      (5.5, "percent", None, None)]),
    ("十年间，北京累计退出一般制造业企业约3000家，疏解提升区域性专业市场和物流中心近1000个。", D,
     [(3000, "count", "about", None), (1000, "count", "nearly", None)]),
    ("雄安新区累计完成投资超6500亿元，4000多栋楼宇拔地而起。", D,
     [(6.5e11, "CNY", "more_than", None), (4000, "count", "more_than", None)]),
    ("截至2023年底，北京企业对津冀投资认缴出资额超过2.3万亿元，投资企业达4.9万家。", D,
     [(2.3e12, "CNY", "more_than", "2023"), (49000, "count", None, "2023")]),
    ("京津冀区域总面积21.6万平方公里，常住人口超1亿。", D,
     [(216000, "km2", None, None), (1e8, "count", "more_than", None)]),
    ("“十四五”期间，北京流向津冀技术合同成交额超3200亿元，年均增长23%，较“十三五”时期增长1.7倍。", date(2026, 1, 10),
     [(3.2e11, "CNY", "more_than", "2021/2025"), (23, "percent", None, "2021/2025"),
      (1.7, "times", None, "2021/2025")]),
    ("京津冀地区生产总值由2020年的8.96万亿元增加到2025年的近12万亿元，连续跨越3个万亿元台阶。", date(2026, 1, 10),
     [(8.96e12, "CNY", None, "2020"), (1.2e13, "CNY", "nearly", "2025"), (3, "count", None, None)]),
    ("2月，京津冀及周边地区“2+26”城市平均优良天数比例为70.6%，同比上升34.4个百分点；PM2.5浓度为62微克/立方米，同比下降42.6%。",
     date(2020, 3, 30),
     [(70.6, "percent", None, "2020-02"), (34.4, "percentage_point", None, "2020-02"),
      (62, "ug/m3", None, "2020-02"), (42.6, "percent", None, "2020-02")]),
    ("1至2月，河北省优良天数比例为56.7%，同比上升5.9个百分点。", date(2020, 3, 30),
     [(56.7, "percent", None, "2020-01/2020-02"), (5.9, "percentage_point", None, "2020-01/2020-02")]),
    ("今年前三季度，津冀两地承接北京技术合同成交额524.2亿元，同比增长12.6%。", date(2024, 11, 5),
     [(5.242e10, "CNY", None, "2024-Q1/2024-Q3"), (12.6, "percent", None, "2024-Q1/2024-Q3")]),
    ("京津冀三地共建共享的职业教育集团达到52个，联合培养技术技能人才逾1.5万名。", D,
     [(52, "count", None, None), (15000, "count", "more_than", None)]),
    ("目前，京津冀已有近7000辆新能源公交车投入运营，占公交车总数的八成以上。", D,
     [(7000, "count", "nearly", None), (80, "percent", "at_least", None)]),
    ("2023年，天津港集装箱吞吐量达到2217万标准箱，同比增长5.6%。", D,
     [(22170000, "TEU", None, "2023"), (5.6, "percent", None, "2023")]),
    ("北京大兴国际机场去年旅客吞吐量达3941.1万人次，同比增长约2.7倍。", date(2024, 3, 1),
     [(39411000, "count", None, "2023"), (2.7, "times", "about", "2023")]),
    ("京津冀三地政务服务“同事同标”事项已达到179项，累计开通“跨省通办”服务事项超过200项。", D,
     [(179, "count", None, None), (200, "count", "more_than", None)]),
    ("河北省去年承接京津转入基本单位4395个，其中近七成来自北京。", date(2024, 3, 10),
     [(4395, "count", None, "2023"), (70, "percent", "nearly", "2023")]),
    ("据统计，京津冀三地共有国家级高新技术企业约6.7万家，占全国的17.8%。", D,
     [(67000, "count", "about", None), (17.8, "percent", None, None)]),
    ("截至今年3月底，京雄城际铁路累计发送旅客1200余万人次。", D,
     [(12000000, "count", "more_than", "2024-03-31")]),
    ("这是新时代京津冀协同发展十年新篇章系列报道之二，记者于4月22日在河北衡水采访。", D, []),
    ("2014年以来，北京累计向津冀转移企业3000多家，疏解区域性专业市场近千个。", date(2024, 2, 26),
     [(3000, "count", "more_than", "2014/2024"), (1000, "count", "nearly", "2014/2024")]),
    ("会上发布的数据显示，京津冀地区研发经费投入强度达到4.3%，高于全国平均水平1.7个百分点。", D,
     [(4.3, "percent", None, None), (1.7, "percentage_point", None, None)]),
    ("2023年，北京市PM2.5年均浓度为32微克/立方米，连续三年稳定达到国家二级标准。", D,
     [(32, "ug/m3", None, "2023")]),
    ("全年京津冀三地新能源汽车产量合计超过80万辆，同比增长三成左右。", date(2024, 1, 20),
     [(800000, "count", "more_than", "2023"), (30, "percent", "about", "2023")]),
    ("京津冀三地医疗机构检查检验结果互认项目已达50项，互认医疗机构685家。", D,
     [(50, "count", None, None), (685, "count", None, None)]),
    ("北京市朝阳区政务服务热线010-65099999，咨询时间为9:00至17:00。", D, []),
    ("北京、天津、河北三地高新技术企业分别达到2.83万家、1.15万家和1.24万家。", D,
     [(28300, "count", None, None), (11500, "count", None, None), (12400, "count", None, None)]),
    ("京津冀三省市2023年实际使用外资分别增长1.2%、3.5%和8.7%。", D,
     [(1.2, "percent", None, "2023"), (3.5, "percent", None, "2023"), (8.7, "percent", None, "2023")]),
    ("京张高铁开通后，北京至张家口最快50分钟可达。", D, [(50, "min", None, None)]),
    ("河北省2023年粮食总产量达3809.9万吨，创历史新高。", D, [(38099000, "t", None, "2023")]),
    ("过去十年，三地累计签署合作协议600余项，推动建设各类产业合作园区近百个。", D,
     [(600, "count", "more_than", None), (100, "count", "nearly", None)]),
    ("雄安新区今年1—5月完成固定资产投资同比增长15.6%，其中，5月份完成投资增长20.1%。", date(2024, 6, 20),
     [(15.6, "percent", None, "2024-01/2024-05"), (20.1, "percent", None, "2024-05")]),
    ("北京城市副中心去年完成投资超1000亿元，连续5年保持千亿级投资强度。", date(2024, 2, 1),
     [(1e11, "CNY", "more_than", "2023")]),
    ("京津冀地区综合立体交通网总里程达到23万公里，其中铁路营业里程10933公里，高速公路通车里程10880公里。", D,
     [(230000, "km", None, None), (10933, "km", None, None), (10880, "km", None, None)]),
    ("预计到2025年，京津冀地区高技术产业营业收入将突破5万亿元。", D, [(5e12, "CNY", "more_than", "2025")]),
    ("２０２３年，京津冀三地数字经济增加值占ＧＤＰ比重达到４０．５％。", D, [(40.5, "percent", None, "2023")]),
    ("河北累计承接京津转入法人单位超过两万家，其中三千余家为高新技术企业。", D,
     [(20000, "count", "more_than", None), (3000, "count", "more_than", None)]),
    ("京津冀三地加快推进“1+N”政策体系建设，打造“轨道上的京津冀”，让群众享受“1小时通勤圈”的便利。", D, []),
    ("去年12月，北京地区进出口3298.3亿元，较去年同期增长2.8%。", D,
     [(329830000000, "CNY", None, "2023-12"), (2.8, "percent", None, "2023-12")]),
]

EN_CASES = [
    ("The region's combined GDP exceeded 10 trillion yuan ($1.4 trillion) last year, 1.8 times that of 2013 "
     "in current prices, according to the Beijing Municipal Bureau of Statistics.", date(2023, 2, 24),
     [(1e13, "CNY", "more_than", "2022"), (1.4e12, "USD", None, "2022"), (1.8, "times", None, "2022")]),
    ("The GDP of both Beijing and Hebei reached 4.2 trillion yuan last year.", date(2023, 2, 24),
     [(4.2e12, "CNY", None, "2022")]),
    ("Last year, Tianjin brought in investment of 198.94 billion yuan from Beijing and Hebei, while more than "
     "4,000 companies or institutions from Beijing and Tianjin resettled in Hebei.", date(2023, 2, 24),
     [(1.9894e11, "CNY", None, "2022"), (4000, "count", "more_than", "2022")]),
    ("Since 2014, more than 40,000 business units have settled in the province, mainly from the capital, "
     "the bureau reported.", date(2023, 2, 24), [(40000, "count", "more_than", "2014/2023")]),
    ("The capital's average concentration of PM2.5 fell to 30 micrograms per cubic meter last year, according "
     "to the Beijing Municipal Ecology and Environment Bureau.", date(2023, 2, 24),
     [(30, "ug/m3", None, "2022")]),
    ("In Hebei last year, the average density of PM2.5 dropped to 36.8 micrograms per cubic meter.",
     date(2023, 2, 24), [(36.8, "ug/m3", None, "2022")]),
    ("The Beijing-Tianjin-Hebei region has more than 11,000 km of railway lines, up more than 30 percent from "
     "2013, and nearly 11,000 km of expressways, up more than 40 percent from 2013, data showed.", D,
     [(11000, "km", "more_than", None), (30, "percent", "more_than", None), (11000, "km", "nearly", None),
      (40, "percent", "more_than", None)]),
    ("The proportion of new business entities in high-end industries rose to 66.1 percent in 2023 from 40.7 "
     "percent in 2013, Liu said.", D, [(66.1, "percent", None, "2023"), (40.7, "percent", None, "2013")]),
    ("Beijing has shut down over 3,000 manufacturing companies and closed or upgraded nearly 1,000 markets "
     "and logistics centers over the past ten years.", D,
     [(3000, "count", "more_than", None), (1000, "count", "nearly", None)]),
    ("Beijing-based companies have made 49,000 investments in the neighboring regions, totaling 2.3 trillion "
     "yuan.", D, [(49000, "count", None, None), (2.3e12, "CNY", None, None)]),
    ("In the first quarter, the foreign trade of the Beijing-Tianjin-Hebei region reached 1.25 trillion yuan, "
     "up 4 percent year on year.", D, [(1.25e12, "CNY", None, "2024-Q1"), (4, "percent", None, "2024-Q1")]),
    ("The individual GDPs of Beijing (CNY 4,984.31 billion), Tianjin (CNY 1,802.43 billion), and Hebei "
     "(CNY 4,752.69 billion) grew by 5.2 percent, 5.1 percent, and 5.4 percent, respectively.",
     date(2025, 2, 26),
     [(4.98431e12, "CNY", None, None), (1.80243e12, "CNY", None, None), (4.75269e12, "CNY", None, None),
      (5.2, "percent", None, None), (5.1, "percent", None, None), (5.4, "percent", None, None)]),
    ("In 2024, the regional GDP reached CNY 11.5 trillion, 2.1 times that of 2013 at current prices.",
     date(2025, 2, 26), [(1.15e13, "CNY", None, "2024"), (2.1, "times", None, "2024")]),
    ("By the end of last year, the number of 5G base stations in the three regions had reached 226,000.", D,
     [(226000, "count", None, "2023")]),
    ("Over the past decade, enterprises from Zhongguancun have established over 10,000 branches in Tianjin "
     "and Hebei.", D, [(10000, "count", "more_than", None)]),
    ("The Beijing-Tianjin-Hebei collaborative innovation index rose from 100 in 2013 to 401.7 in 2022.", D,
     [(100, "index", None, "2013"), (401.7, "index", None, "2022")]),
    ("The three regions have jointly built 13 industrial parks and signed about 600 cooperation agreements "
     "since 2014.", D, [(13, "count", None, "2014/2024"), (600, "count", "about", "2014/2024")]),
    ("Hengshui Innovation Port has attracted 426 enterprises, 45 percent of which came from Beijing and "
     "Tianjin.", D, [(426, "count", None, None), (45, "percent", None, None)]),
    ("Tianjin Port handled 22.17 million TEUs in 2023, up 5.6 percent year-on-year.", D,
     [(22170000, "TEU", None, "2023"), (5.6, "percent", None, "2023")]),
    ("Beijing Daxing International Airport handled 39.41 million passenger trips last year.", date(2024, 3, 1),
     [(39410000, "count", None, "2023")]),
    ("The region's population stood at about 110 million at the end of 2023, accounting for 7.8 percent of "
     "the national total.", D, [(1.1e8, "count", "about", "2023"), (7.8, "percent", None, "2023")]),
    ("Hebei's grain output hit a record high of 38.1 million tonnes in 2023.", D,
     [(38100000, "t", None, "2023")]),
    ("In the first half of this year, the added value of Tianjin's strategic emerging industries grew 6.3 "
     "percent, accounting for 24.8 percent of the city's industrial output.", date(2024, 7, 20),
     [(6.3, "percent", None, "2024-H1"), (24.8, "percent", None, "2024-H1")]),
    ("The report, released at 10:30 am on Tuesday, is the third in a series marking the 10th anniversary of "
     "the strategy.", D, []),
    ("The 14th Five-Year Plan (2021-2025) calls for the share of the digital economy to reach 50 percent by "
     "2025.", D, [(50, "percent", None, "2025")]),
    ("A total of 1,500 buses now run on 39 cross-border routes between Beijing and Hebei, carrying 400,000 "
     "passengers a day.", D, [(1500, "count", None, None), (39, "count", None, None),
                              (400000, "count", None, None)]),
    ("Xiong'an New Area has completed investment of more than 650 billion yuan, with over 4,000 buildings "
     "constructed.", D, [(6.5e11, "CNY", "more_than", None), (4000, "count", "more_than", None)]),
    ("The number of technology contracts Beijing signed with Tianjin and Hebei grew 12 percent year-on-year "
     "to 7,562 in 2023, with a turnover of 74.87 billion yuan.", D,
     [(12, "percent", None, "2023"), (7562, "count", None, "2023"), (7.487e10, "CNY", None, "2023")]),
    ("Over the past five years, the three places have opened 1,000 km of new intercity railways and cut "
     "travel times to under one hour.", D, [(1000, "km", None, None)]),
]


# The seed article (shared/seed/000_4186ed937eb562d1.txt), labelled in FIGURES.md, where "by the end
# of last year" is labelled with the year: 2023.
SEED_PUBLISHED = "2024-04-23T09:38:00+08:00"
SEED_LABELS = [
    ("10.4 trillion yuan", 1.04e13, "CNY", None, "2023"),
    ("21.4%", 21.4, "percent", None, "2023"),
    ("9.6 percentage points", 9.6, "percentage_point", None, "2023"),
    ("exceeded 10000", 10000, "count", "more_than", "2023"),
    ("3176", 3176, "count", None, "2013"),
    ("6758", 6758, "count", None, "2023"),
    ("7.8%", 7.8, "percent", None, None),
    ("7.12 billion yuan", 7.12e9, "CNY", None, "2013"),
    ("74.87 billion yuan", 7.487e10, "CNY", None, "2023"),
    ("26.5%", 26.5, "percent", None, None),
    ("93", 93, "count", None, None),
    ("more than 130", 130, "count", "more_than", None),
]
