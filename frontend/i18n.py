"""The one translation mechanism of the pages: a zh-CN and an en catalog, `t(key, lang)`."""

from __future__ import annotations

from typing import Any

ZH = "zh-CN"
EN = "en"
LANGUAGES = (ZH, EN)
DEFAULT_LANGUAGE = ZH

# Every entry is (zh-CN, en): Chinese first, English second.
CATALOG: dict[str, tuple[str, str]] = {
    "site.name": ("FairMatch 技能人才招聘会", "FairMatch Skills Job Fair"),
    "site.brand": ("FairMatch 招聘会", "FairMatch"),
    "nav.me": ("我的投递", "My applications"),
    "nav.switch": ("English", "中文"),
    "nav.privacy": ("隐私声明", "Privacy notice"),
    "nav.recommendations": ("为我推荐", "Recommended for me"),
    # job list
    "jobs.all_of_fair": ("查看本场全部岗位", "All jobs at this fair"),
    "jobs.search_label": ("搜索岗位", "Search jobs"),
    "jobs.search_placeholder": ("如：数控车工、焊工、电工", "e.g. CNC lathe, welder, electrician"),
    "jobs.search_button": ("搜索", "Search"),
    "jobs.filters": ("筛选", "Filters"),
    "jobs.apply_filters": ("应用筛选", "Apply filters"),
    "jobs.count": ("共 {n} 个岗位", "{n} jobs"),
    "jobs.none": ("没有找到岗位，换个关键词试试。", "No jobs found. Try another word."),
    "jobs.pages": ("翻页", "Pages"),
    "jobs.prev": ("上一页", "Previous"),
    "jobs.next": ("下一页", "Next"),
    "jobs.page_of": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "filter.occupation": ("工种", "Trade"),
    "filter.level": ("技能等级", "Skill level"),
    "filter.district": ("区域", "District"),
    "filter.salary": ("月薪", "Monthly pay"),
    "filter.any": ("不限", "Any"),
    "filter.salary_at_least": ("{amount} 元以上", "{amount} yuan or more"),
    # job detail
    "job.salary": ("{low}–{high} 元/月", "{low}–{high} yuan/month"),
    "job.booth": ("展位 {number}", "Booth {number}"),
    "job.headcount": ("招 {n} 人", "{n} openings"),
    "job.min_years": ("{n} 年以上经验", "{n}+ years"),
    "job.description": ("岗位职责", "Duties"),
    "job.requirements": ("任职要求", "Requirements"),
    "job.certificates": ("证书要求", "Certificates"),
    "job.occupation": ("职业分类：{name}", "Occupation: {name}"),
    "job.apply": ("投递简历", "Apply"),
    "job.apply_as": ("以 {name} 的简历投递", "Applying with {name}'s résumé"),
    "job.apply_first_time": (
        "第一次投递需先填写简历（约1分钟），然后回到本岗位投递。",
        "First time: fill in a short résumé (about a minute), then come back to apply.",
    ),
    "job.already_applied": ("你已投递该岗位", "You have applied for this job"),
    "job.closed": ("该岗位已停止招聘", "This job is no longer open"),
    # applied
    "applied.title": ("投递成功", "Application sent"),
    "applied.text": (
        "你已投递 {enterprise} 的「{title}」。",
        "You applied for “{title}” at {enterprise}.",
    ),
    "applied.go_to": ("请到以下展位与企业面谈：", "Please go to this booth to meet the employer:"),
    "applied.more_jobs": ("继续看岗位", "More jobs"),
    # résumé form
    "resume.title": ("填写简历", "Your résumé"),
    "resume.edit_title": ("修改简历", "Edit résumé"),
    "resume.for_job": (
        "提交后回到「{title}」（{enterprise}）投递。",
        "After saving, go back to “{title}” ({enterprise}) to apply.",
    ),
    "resume.or_fill": ("或直接填写：", "Or fill in the form:"),
    "resume.submit": ("提交简历", "Save résumé"),
    "resume.save": ("保存修改", "Save changes"),
    "resume.saved": ("简历已保存", "Résumé saved"),
    "resume.prefilled": (
        "已从文件中读取以下信息，请核对、补充后提交。提交前不会保存任何内容。",
        "We read these details from your file. Check them and submit; nothing is stored before.",
    ),
    "form.choose": ("请选择", "Choose"),
    "form.has_errors": ("请修改标红的内容后再提交。", "Please correct the fields marked below."),
    "field.name": ("姓名", "Name"),
    "field.phone": ("手机号", "Mobile phone"),
    "field.education": ("学历", "Education"),
    "field.school": ("毕业学校", "School"),
    "field.major": ("专业", "Major"),
    "field.skill_level": ("职业技能等级", "Skill level"),
    "field.certificates": ("证书（用顿号或逗号分隔）", "Certificates (separate with commas)"),
    "field.years_experience": ("工作年限（年）", "Years of experience"),
    "field.experience": ("工作经历", "Work experience"),
    "field.skills": ("技能特长", "Skills"),
    "field.desired_title": ("期望岗位", "Desired job"),
    "field.expected_salary": ("期望月薪（元）", "Expected monthly pay (yuan)"),
    "field.open_to_recommendations": (
        "愿意让其他企业看到我（隐藏姓名和电话）并向我推荐岗位",
        "Let other employers find me (name and phone hidden) and recommend jobs to me",
    ),
    "consent.text": (
        "你的简历只发给你投递的企业；勾选推荐后，其他企业只能看到隐去姓名和电话的简历。"
        "你可以随时修改或删除全部数据。",
        "Your résumé goes only to employers you apply to; with recommendations on, other "
        "employers see it without your name and phone. You can edit or delete everything any time.",
    ),
    "consent.agree": ("我已阅读并同意隐私声明", "I have read and agree to the privacy notice"),
    "invalid.name": ("请填写姓名（50字以内）", "Please enter your name (up to 50 characters)"),
    "invalid.phone": ("请填写11位手机号，如 13812345678", "Enter an 11-digit mobile number"),
    "invalid.education": ("请选择学历", "Please choose your education"),
    "invalid.school": ("最多100字", "At most 100 characters"),
    "invalid.major": ("最多100字", "At most 100 characters"),
    "invalid.skill_level": ("请从列表中选择", "Choose from the list"),
    "invalid.certificates": (
        "最多20个证书，每个50字以内",
        "At most 20 certificates of up to 50 characters",
    ),
    "invalid.years_experience": ("请填写0到60之间的数字", "Enter a number from 0 to 60"),
    "invalid.experience": ("最多5000字", "At most 5,000 characters"),
    "invalid.skills": ("最多2000字", "At most 2,000 characters"),
    "invalid.desired_title": ("最多100字", "At most 100 characters"),
    "invalid.expected_salary": ("请填写数字，如 8000", "Enter a number, e.g. 8000"),
    "invalid.consent": (
        "须同意隐私声明才能提交简历",
        "You must agree to the privacy notice to submit",
    ),
    # upload
    "upload.label": ("上传简历文件（PDF 或 Word .docx）", "Upload a résumé (PDF or Word .docx)"),
    "upload.hint": ("最大 5 MB，我们读取后由你核对。", "Up to 5 MB; you check what we read."),
    "upload.button": ("读取文件", "Read file"),
    "upload.missing": ("请选择一个文件", "Please choose a file"),
    "upload.too_large": ("文件超过 5 MB，请压缩后重试或直接填写", "The file is over 5 MB"),
    "upload.wrong_type": (
        "只支持 PDF 或 Word（.docx）文件",
        "Only PDF or Word (.docx) files are accepted",
    ),
    "upload.too_many_pages": ("PDF 超过 10 页，请上传简短简历", "The PDF has more than 10 pages"),
    "upload.zip_bomb": (
        "Word 文件内容异常，无法读取，请直接填写表格",
        "The Word file looks malformed; please fill in the form",
    ),
    "upload.unreadable": (
        "文件无法读取（可能已损坏或加密），请直接填写表格",
        "The file cannot be read (damaged or encrypted); please fill in the form",
    ),
    "upload.no_text": (
        "文件里没有可读取的文字（可能是扫描件或照片），请直接填写表格",
        "No text found in the file (a scan or photo?); please fill in the form",
    ),
    # my applications
    "me.title": ("我的投递", "My applications"),
    "me.no_resume": (
        "你还没有简历。填写简历后即可一键投递。",
        "You have no résumé yet. Fill one in to apply with one tap.",
    ),
    "me.hello": ("{name}，你好", "Hello, {name}"),
    "me.applications": ("已投递的岗位", "Jobs you applied for"),
    "me.none": ("还没有投递。", "No applications yet."),
    "me.intention": ("企业已登记初步意向", "Employer recorded an intention"),
    "me.no_intention": ("暂无意向登记", "No intention yet"),
    "me.withdraw": ("撤回投递", "Withdraw"),
    "me.reapply": ("重新投递", "Apply again"),
    "me.delete": ("删除我的全部数据", "Delete all my data"),
    "status.submitted": ("已投递", "Submitted"),
    "status.withdrawn": ("已撤回", "Withdrawn"),
    # recommendations
    "rec.intro": ("根据你的简历推荐，附推荐理由。", "Picked for your résumé, with the reason."),
    "rec.none": ("暂时没有推荐的岗位。", "No recommendations yet."),
    # delete
    "delete.warning": (
        "将永久删除 {name} 的简历、全部投递和意向记录，无法恢复。",
        "This permanently deletes {name}'s résumé, applications and intentions.",
    ),
    "delete.confirm": ("确认删除", "Delete everything"),
    "delete.cancel": ("取消", "Cancel"),
    "delete.done_title": ("已删除", "Deleted"),
    "delete.done_text": (
        "你的简历和投递记录已从系统中删除。",
        "Your résumé and applications have been removed.",
    ),
    # errors
    "error.title": ("出错了", "Something went wrong"),
    "error.back": ("返回", "Back"),
    "error.csrf": (
        "页面已过期，请返回刷新后再试",
        "This page has expired; go back, reload and try again",
    ),
    "error.not_found": ("页面不存在", "Page not found"),
    "error.invalid": ("链接参数有误", "The link is not valid"),
    "error.search": ("搜索暂时不可用，请稍后再试", "Search is unavailable; please try again soon"),
    # printed QR sheet
    "qr.cta": ("扫码查看岗位并投递简历", "Scan to see jobs and apply"),
    "qr.no_booths": ("该招聘会还没有展位", "This fair has no booths yet"),
    # privacy notice
    "privacy.collected.title": ("我们收集什么", "What we collect"),
    "privacy.collected.text": (
        "你在简历中填写或上传的信息：姓名、手机号、学历、学校与专业、技能等级、证书、工作经历、"
        "技能、期望岗位与薪资；以及不含身份信息的页面访问计数。上传的文件只用于读取内容，不保存。",
        "What you enter or upload in your résumé: name, mobile phone, education, school and major, "
        "skill level, certificates, work experience, skills, desired job and pay; plus anonymous "
        "page-view counts. Uploaded files are only read, never stored.",
    ),
    "privacy.who.title": ("谁能看到", "Who sees it"),
    "privacy.who.text": (
        "只有你投递的企业能看到你的完整简历和联系方式。招聘会主办方只看到汇总统计。",
        "Only the employers you apply to see your full résumé and contact details. The fair "
        "organizer sees only totals.",
    ),
    "privacy.recommend.title": ("推荐", "Recommendations"),
    "privacy.recommend.text": (
        "若你同意推荐，其他参会企业可看到隐去姓名和手机号的简历，并可能邀请你投递；可随时关闭。",
        "If you opt in, other employers at the fair may see your résumé with name and phone "
        "hidden and invite you to apply; you can switch this off any time.",
    ),
    "privacy.retention.title": ("保存多久", "How long we keep it"),
    "privacy.retention.text": (
        "数据保存到招聘会结束后 180 天，之后删除；你也可以更早删除。",
        "We keep your data until 180 days after the fair, then delete it; you can delete it "
        "sooner.",
    ),
    "privacy.deletion.title": ("删除", "Deletion"),
    "privacy.deletion.text": (
        "在“我的投递”中点“删除我的全部数据”，简历、投递和意向记录会立即从数据库和搜索索引中删除。",
        "In “My applications”, tap “Delete all my data”: your résumé, applications and intentions "
        "are removed from the database and the search index at once.",
    ),
    "privacy.contact.title": ("联系我们", "Contact"),
    "privacy.contact.text": (
        "对个人信息有疑问，请联系招聘会主办方服务台。",
        "For questions about your data, ask at the fair organizer's service desk.",
    ),
}


def t(key: str, lang: str, **params: Any) -> str:
    """The text for key in lang (zh-CN unless lang is en), with {params} filled in."""
    zh, en = CATALOG[key]
    text = en if lang == EN else zh
    return text.format(**params) if params else text


def bilingual(key: str, **params: Any) -> str:
    """Chinese, then English, for messages that must carry both (API errors)."""
    return f"{t(key, ZH, **params)} / {t(key, EN, **params)}"


def enum_label(value: object, lang: str) -> str:
    """A domain enum's own label (SkillLevel, Education) in lang; other values as text."""
    attribute = "label_en" if lang == EN else "label_zh"
    label = getattr(value, attribute, None)
    return label if isinstance(label, str) else str(value)


def negotiate(*, query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The page language: ?lang= first, then the cookie, then Accept-Language, else zh-CN."""
    for choice in (query, cookie):
        found = _match(choice)
        if found:
            return found
    ranked: list[tuple[float, str]] = []
    for part in (accept_language or "").split(",")[:10]:
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        found = _match(tag)
        if found:
            ranked.append((weight, found))
    return max(ranked, key=lambda item: item[0])[1] if ranked else DEFAULT_LANGUAGE


def _match(tag: str | None) -> str | None:
    primary = (tag or "").strip().lower().split("-")[0]
    return {"zh": ZH, "en": EN}.get(primary)
