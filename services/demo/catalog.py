"""Data tables for the demo fair: Changzhou places, names, schools, certificates, wording."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.domain import SkillLevel

FAIR_NAME = "2025年常州市武进区春季技能人才专场招聘会 / Wujin District Spring Skilled Talent Fair"
FAIR_VENUE = "武进人力资源市场 / Wujin Human Resources Market"
FAIR_YEAR = 2025
FAIR_OPENS = (2025, 3, 1, 8, 30)
FAIR_MINUTES = 210  # 08:30 to 12:00


@dataclass(frozen=True, slots=True)
class Trade:
    """One trade the demo draws postings and résumés from, tied to a real CSCO 2022 code."""

    code: str
    family: str  # key into MAJOR_FAMILIES; trades of one family count as related
    salary: int  # monthly midpoint in CNY for an intermediate worker (中级工)
    titles: tuple[str, ...]  # job-board titles, noisy on purpose
    titles_en: tuple[str, ...]
    duty: str  # "从事…" phrase used in descriptions and experience
    duty_en: str
    tools: tuple[str, ...]  # machines, systems, brands
    tools_en: str
    work: tuple[str, ...]  # workpieces, products or processes
    skills: tuple[str, ...]
    permits: tuple[str, ...]  # legally required operation permits (特种作业/特种设备)
    extras: tuple[str, ...]  # optional certificates that help
    female: float  # share of women among résumés of this trade
    supply: float  # résumé weight relative to posting demand


def trade(
    code: str,
    family: str,
    salary: int,
    *,
    titles: str,
    en: str,
    duty: str,
    duty_en: str,
    tools: str,
    tools_en: str,
    work: str,
    skills: str,
    permits: str = "",
    extras: str = "",
    female: float = 0.08,
    supply: float = 1.0,
) -> Trade:
    """Build a Trade from "|"-separated lists (keeps the tables one line per field)."""

    def split(text: str) -> tuple[str, ...]:
        return tuple(part for part in text.split("|") if part)

    return Trade(
        code=code,
        family=family,
        salary=salary,
        titles=split(titles),
        titles_en=split(en),
        duty=duty,
        duty_en=duty_en,
        tools=split(tools),
        tools_en=tools_en,
        work=split(work),
        skills=split(skills),
        permits=split(permits),
        extras=split(extras),
        female=female,
        supply=supply,
    )


DISTRICT_TOWNS: dict[str, tuple[str, ...]] = {
    "武进区": (
        "湖塘镇", "牛塘镇", "洛阳镇", "雪堰镇", "前黄镇", "礼嘉镇", "嘉泽镇", "湟里镇",
        "南夏墅街道", "武进国家高新区", "西太湖科技产业园",
    ),
    "新北区": (
        "薛家镇", "罗溪镇", "西夏墅镇", "孟河镇", "春江镇", "奔牛镇", "新桥街道", "三井街道",
    ),
    "天宁区": ("郑陆镇", "青龙街道", "雕庄街道", "天宁经济开发区"),
    "钟楼区": ("邹区镇", "北港街道", "五星街道", "钟楼经济开发区"),
    "金坛区": ("金城镇", "儒林镇", "直溪镇", "金坛经济开发区", "华罗庚科技园"),
    "溧阳市": ("溧城街道", "埭头镇", "上黄镇", "溧阳高新区", "中关村科技产业园"),
    "常州经开区": ("戚墅堰街道", "潞城街道", "丁堰街道", "横林镇", "遥观镇", "横山桥镇"),
}  # fmt: skip
DISTRICT_WEIGHTS: dict[str, int] = {
    "武进区": 40, "新北区": 18, "天宁区": 7, "钟楼区": 7,
    "金坛区": 8, "溧阳市": 8, "常州经开区": 12,
}  # fmt: skip
DESIRED_LOCATIONS = ("常州市区", "不限", "武进区附近", "新北区", "离湖塘近", "可住厂/不限区域")

# Two-character brands are built from these halves; pairs close to real Changzhou firms are banned.
BRAND_HEADS = "澄铭润晟锦弘聚拓嘉鼎博睿宏凯德瑞昊泽腾骏茂永沃峻"
BRAND_TAILS = "锐拓驰泰鸿丰达信盛越诚捷源航川力晨威祥展"
BRAND_BANNED = frozenset({"恒力", "宏达", "永达", "博信", "腾达", "德力", "茂源", "永信"})

SURNAMES = (
    "王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 黄:Huang 赵:Zhao 吴:Wu 周:Zhou 徐:Xu "
    "孙:Sun 马:Ma 朱:Zhu 胡:Hu 郭:Guo 何:He 高:Gao 林:Lin 罗:Luo 郑:Zheng 梁:Liang 谢:Xie "
    "宋:Song 唐:Tang 许:Xu 韩:Han 冯:Feng 邓:Deng 曹:Cao 彭:Peng 曾:Zeng 肖:Xiao 田:Tian "
    "董:Dong 袁:Yuan 潘:Pan 于:Yu 蒋:Jiang 蔡:Cai 余:Yu 杜:Du 叶:Ye 程:Cheng 苏:Su 魏:Wei "
    "吕:Lv 丁:Ding 任:Ren 沈:Shen 姚:Yao 卢:Lu 姜:Jiang 崔:Cui 钟:Zhong 谭:Tan 陆:Lu 汪:Wang "
    "范:Fan 金:Jin 石:Shi 廖:Liao 贾:Jia 夏:Xia 韦:Wei 方:Fang 白:Bai 邹:Zou 孟:Meng 熊:Xiong "
    "秦:Qin 邱:Qiu 江:Jiang 尹:Yin 薛:Xue 段:Duan 雷:Lei 侯:Hou 史:Shi 陶:Tao 顾:Gu 毛:Mao "
    "邵:Shao 钱:Qian 严:Yan 戴:Dai 孔:Kong 汤:Tang 常:Chang 施:Shi 恽:Yun 庄:Zhuang 承:Cheng"
)
GIVEN_MALE = (
    "伟:wei 强:qiang 磊:lei 军:jun 勇:yong 杰:jie 涛:tao 斌:bin 超:chao 明:ming 刚:gang "
    "平:ping 辉:hui 鹏:peng 华:hua 飞:fei 鑫:xin 波:bo 宇:yu 浩:hao 凯:kai 健:jian 俊:jun "
    "帆:fan 帅:shuai 旭:xu 宁:ning 龙:long 林:lin 阳:yang 峰:feng 亮:liang 成:cheng 晨:chen "
    "博:bo 文:wen 志:zhi 建:jian 国:guo 海:hai 东:dong 振:zhen 家:jia 子:zi 天:tian 然:ran "
    "轩:xuan 泽:ze 晓:xiao 永:yong 春:chun 金:jin 德:de 一:yi 豪:hao 锋:feng 顺:shun"
)
GIVEN_FEMALE = (
    "芳:fang 娜:na 敏:min 静:jing 丽:li 艳:yan 娟:juan 霞:xia 秀:xiu 玲:ling 桂:gui 英:ying "
    "婷:ting 雪:xue 慧:hui 莉:li 颖:ying 琳:lin 倩:qian 燕:yan 红:hong 梅:mei 萍:ping 佳:jia "
    "欣:xin 怡:yi 悦:yue 雨:yu 晴:qing 菲:fei 璐:lu 瑶:yao 蕾:lei 洁:jie 文:wen 月:yue "
    "春:chun 小:xiao 晓:xiao 思:si 梦:meng 丹:dan"
)
MOBILE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 147 150 151 152 153 155 156 157 158 159 "
    "166 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 193 195 198 199"
)

# family -> (English name, 中职 majors, 高职 majors, 本科 majors)
MAJOR_FAMILIES: dict[str, tuple[str, str, str, str]] = {
    "cnc": ("CNC Machining Technology", "数控技术应用|机械加工技术", "数控技术|机械制造及自动化",
            "机械设计制造及其自动化"),
    "mould": ("Mould Design and Manufacturing", "模具制造技术", "模具设计与制造",
              "材料成型及控制工程"),
    "weld": ("Welding Technology", "焊接技术应用", "焊接技术与自动化", "焊接技术与工程"),
    "mech": ("Mechatronics", "机电技术应用|机械装配与维修", "机电一体化技术|机械装备制造技术",
             "机械设计制造及其自动化|机械电子工程"),
    "elec": ("Electrical Automation", "电气运行与控制|电气技术应用",
             "电气自动化技术|供用电技术", "电气工程及其自动化|自动化"),
    "robot": ("Industrial Robotics", "工业机器人技术应用", "工业机器人技术|智能控制技术",
              "机器人工程|自动化"),
    "auto": ("Automotive Manufacturing", "汽车制造与检修", "汽车制造与试验技术|新能源汽车技术",
             "车辆工程"),
    "energy": ("New Energy Materials", "光伏工程技术与应用",
               "光伏工程技术|储能材料技术|新能源材料应用技术",
               "新能源科学与工程|新能源材料与器件"),
    "electronics": ("Applied Electronics", "电子技术应用|电子电器应用与维修",
                    "应用电子技术|电子信息工程技术|微电子技术", "电子信息工程|微电子科学与工程"),
    "textile": ("Modern Textile Technology", "服装设计与工艺|纺织技术与服务",
                "现代纺织技术|服装设计与工艺|纺织品检验与贸易", "纺织工程|服装设计与工程"),
    "chem": ("Applied Chemical Technology", "化学工艺|化工分析与检验",
             "应用化工技术|精细化工技术|高分子材料智能制造技术", "化学工程与工艺|高分子材料与工程"),
    "quality": ("Industrial Analysis and Quality", "工业分析与检验",
                "工业分析技术|理化测试与质检技术|质量管理与认证", "质量管理工程|测控技术与仪器"),
    "metal": ("Materials Forming", "金属热加工|冶金技术",
              "材料成型及控制技术|钢铁智能冶金技术|金属材料检测技术",
              "材料成型及控制工程|冶金工程|金属材料工程"),
    "rail": ("Rail Vehicle Technology", "城市轨道交通车辆运用与检修",
             "城市轨道交通车辆技术|铁道机车车辆制造与维护", "轨道交通信号与控制|车辆工程"),
    "medical": ("Medical Device Technology", "医疗设备安装与维护",
                "医疗器械维护与管理|医用电子仪器技术", "生物医学工程"),
    "logistics": ("Logistics Management", "物流服务与管理", "现代物流管理", "物流管理"),
}  # fmt: skip

# (name, English name, kind: secondary / higher / bachelor, major families taught)
COLLEGES: tuple[tuple[str, str, str, str], ...] = (
    ("常州机电职业技术学院", "Changzhou Vocational Institute of Mechatronic Technology", "higher",
     "cnc mould mech elec robot auto weld"),
    ("常州工程职业技术学院", "Changzhou Vocational Institute of Engineering", "higher",
     "chem quality metal medical mech"),
    ("常州信息职业技术学院", "Changzhou College of Information Technology", "higher",
     "electronics elec robot logistics"),
    ("常州纺织服装职业技术学院", "Changzhou Vocational Institute of Textile and Garment", "higher",
     "textile quality chem logistics"),
    ("常州工业职业技术学院", "Changzhou Vocational Institute of Industry Technology", "higher",
     "cnc mech elec auto energy weld"),
    ("常州技师学院", "Changzhou Technician College", "secondary",
     "cnc weld mech elec robot mould auto"),
    ("江苏理工学院", "Jiangsu University of Technology", "bachelor",
     "cnc mech elec auto metal energy robot"),
    ("常州工学院", "Changzhou Institute of Technology", "bachelor",
     "mech elec electronics auto quality"),
    ("常州大学", "Changzhou University", "bachelor", "chem elec mech energy metal quality"),
    ("江苏省武进中等专业学校", "Jiangsu Wujin Secondary Vocational School", "secondary",
     "cnc mech elec electronics auto"),
    ("常州刘国钧高等职业技术学校", "Changzhou Liu Guojun Higher Vocational School", "higher",
     "cnc mech elec electronics mould"),
    ("常州铁道高等职业技术学校", "Changzhou Railway Higher Vocational School", "higher",
     "rail elec mech"),
    ("江苏省金坛中等专业学校", "Jiangsu Jintan Secondary Vocational School", "secondary",
     "mech elec energy electronics"),
    ("江苏省溧阳中等专业学校", "Jiangsu Liyang Secondary Vocational School", "secondary",
     "mech elec energy textile"),
    ("常州市高级职业技术学校", "Changzhou Senior Vocational Technical School", "secondary",
     "cnc mould weld mech"),
    ("常州开放大学", "Changzhou Open University", "higher", "mech elec logistics quality"),
    ("无锡职业技术学院", "Wuxi Institute of Technology", "higher", "cnc mech elec robot auto"),
    ("江阴职业技术学院", "Jiangyin Polytechnic College", "higher", "textile chem mech metal"),
    ("无锡机电高等职业技术学校", "Wuxi Mechanical and Electrical Higher Vocational School",
     "secondary", "cnc weld elec mould"),
    ("江苏省丹阳中等专业学校", "Jiangsu Danyang Secondary Vocational School", "secondary",
     "auto mech quality medical logistics"),
)  # fmt: skip

# Where workers without vocational schooling went to school: mostly outside Changzhou.
GENERAL_SCHOOLS: tuple[tuple[str, str], ...] = (
    ("常州市武进区礼嘉中学", "Lijia Middle School, Wujin"),
    ("金坛区第二中学", "Jintan No.2 Middle School"),
    ("安徽省颍上县第二中学", "Yingshang No.2 Middle School, Anhui"),
    ("河南省睢县高级中学", "Suixian Senior High School, Henan"),
    ("江苏省沭阳县修远中学", "Xiuyuan Middle School, Shuyang"),
    ("四川省渠县中学", "Quxian Middle School, Sichuan"),
    ("贵州省毕节市第一中学", "Bijie No.1 Middle School, Guizhou"),
    ("江苏省灌南县第二中学", "Guannan No.2 Middle School"),
    ("湖北省麻城市第一中学", "Macheng No.1 Middle School, Hubei"),
)

PERMITS: dict[str, str] = {
    "low_voltage": "低压电工作业证",
    "high_voltage": "高压电工作业证",
    "welding": "熔化焊接与热切割作业证",
    "forklift": "叉车司机证(N1)",
    "crane": "桥门式起重机司机证(Q2)",
    "hazchem": "危险化学品安全作业证",
    "heights": "登高架设作业证",
}

# Wording of level certificates (职业技能等级证书) by rung of the ladder.
LEVEL_CERT_SUFFIX: dict[SkillLevel, str] = {
    SkillLevel.junior: "五级/初级工",
    SkillLevel.intermediate: "四级/中级工",
    SkillLevel.senior: "三级/高级工",
    SkillLevel.technician: "二级/技师",
    SkillLevel.senior_technician: "一级/高级技师",
    SkillLevel.principal_technician: "特级技师",
    SkillLevel.chief_technician: "首席技师",
}
# Monthly pay relative to an intermediate worker, by rung.
LEVEL_PAY: dict[SkillLevel, float] = {
    SkillLevel.apprentice: 0.8,
    SkillLevel.junior: 0.9,
    SkillLevel.intermediate: 1.0,
    SkillLevel.senior: 1.15,
    SkillLevel.technician: 1.35,
    SkillLevel.senior_technician: 1.6,
    SkillLevel.principal_technician: 1.9,
    SkillLevel.chief_technician: 2.2,
}

TITLE_DECORATIONS = (
    "(急招)", "（两班倒）", "(长白班)", "-包吃住", "（可接受学徒）", "【五险一金】", "(月休4天)",
    "/早八晚五", "（熟手优先）", "(夜班补贴)",
)  # fmt: skip
BENEFITS = (
    "缴纳五险一金", "提供免费工作餐", "提供员工宿舍(空调、热水)", "年终奖13薪", "节日福利",
    "厂车接送",
    "高温补贴", "夜班补贴30元/晚", "技能等级津贴", "带薪年假", "每年调薪", "满勤奖200元",
)  # fmt: skip
SHIFTS = (
    "长白班8:00-17:00", "两班倒，每月倒班一次", "做六休一", "做五休二，加班另计", "三班两运转",
)  # fmt: skip
EMPLOYERS_ZH = (
    "常州某汽车零部件公司", "昆山某台资精密五金厂", "无锡某机械制造公司", "苏州某电子科技公司",
    "常州某新能源企业", "江阴某特钢企业", "张家港某机械厂", "宁波某模具厂", "武进某纺织厂",
    "常州某机床厂", "镇江某装备制造公司", "常州某电机厂",
)  # fmt: skip
EMPLOYERS_EN = (
    "an auto-parts maker in Changzhou", "a precision metal plant in Kunshan",
    "a machinery manufacturer in Wuxi", "an electronics company in Suzhou",
    "a new-energy company in Changzhou", "an equipment maker in Zhenjiang",
)  # fmt: skip
INTENTION_NOTES = (
    "现场面试通过，约定下周一到厂复试",
    "意向录用，待体检后办理入职",
    "技术问答合格，安排三天试工",
    "薪资初步谈妥，等候录用通知",
    "已加微信，人事下周联系",
    "需上机实操考核，已约时间",
    "证书原件待核验，意向较强",
    "双方满意，可下周到岗",
    "Interview passed, plant visit scheduled next week",
)

# Résumé achievements by major family; {d} digit 1-8, {n} small count, {p} percentage 5-25.
ACHIEVEMENTS_ZH: dict[str, tuple[str, ...]] = {
    "cnc": ("尺寸公差稳定控制在±0.0{d}mm以内", "独立完成新品首件调试，月均加工{n}00件",
            "优化刀具参数使单件节拍缩短{p}%"),
    "mould": ("独立完成{n}套模具的装配与试模", "模具维修响应时间缩短{p}%"),
    "weld": ("焊缝探伤一次合格率9{d}%", "参与{n}台大型设备机架焊接"),
    "elec": ("独立处理产线电气故障，停机时间下降{p}%", "参与{n}条产线的电气改造"),
    "quality": ("负责{n}个零件号的检验，客诉批次下降{p}%", "熟练出具三坐标检测报告"),
    "default": ("产品一次交检合格率9{d}%以上", "连续{n}年获评车间优秀员工", "带过{n}名徒弟",
                "参与精益改善，提出合理化建议{n}条"),
}  # fmt: skip
ACHIEVEMENTS_EN = (
    "first-pass yield above 9{d}%",
    "trained {n} apprentices",
    "cut cycle time by {p}%",
    "no lost-time accidents in {n} years",
)
VAGUE_TITLES = ("普工/技工均可", "技术工", "操作工", "找个技术岗位", "生产相关")
