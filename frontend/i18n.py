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
    "upload.too_slow": (
        "文件读取超时，请上传更简单的文件或直接填写表格",
        "Reading the file took too long; upload a simpler file or fill in the form",
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
    "me.invitations": ("企业邀请", "Invitations from employers"),
    "me.invitation_hint": (
        "接受即投递该岗位，企业将看到你的联系方式。",
        "Accepting applies to the job: the employer then sees your contact details.",
    ),
    "me.accept": ("接受并投递", "Accept and apply"),
    "me.decline": ("谢绝", "Decline"),
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
    # organizer dashboard, demand map and fair report
    "dash.title": ("招聘会实时数据", "Live fair dashboard"),
    "dash.fairs": ("招聘会", "Fairs"),
    "dash.no_fairs": ("还没有招聘会", "No fairs yet"),
    "dash.login.title": ("主办方登录", "Organizer sign-in"),
    "dash.login.token": ("主办方令牌", "Organizer token"),
    "dash.login.submit": ("登录", "Sign in"),
    "dash.login.failed": ("令牌无效，请重试", "That token is not valid; try again"),
    "dash.logout": ("退出", "Sign out"),
    "dash.live": ("实时", "Live"),
    "dash.offline": ("连接中断，正在重连…", "Disconnected, reconnecting…"),
    "dash.updated": ("更新于", "Updated"),
    "dash.kind.scan": ("扫码", "Scans"),
    "dash.kind.visit": ("浏览", "Page views"),
    "dash.kind.resume": ("简历", "Résumés"),
    "dash.kind.application": ("投递", "Applications"),
    "dash.kind.download": ("简历下载", "Résumé downloads"),
    "dash.kind.intention": ("初步就业意向", "Preliminary intentions"),
    "dash.rate.applications_per_resume": ("人均投递", "Applications per résumé"),
    "dash.rate.intentions_per_resume": ("意向率（意向÷简历）", "Intentions ÷ résumés"),
    "dash.rate.intentions_per_application": ("意向÷投递", "Intentions ÷ applications"),
    "dash.enterprises": ("参会企业", "Enterprises"),
    "dash.openings": ("招聘人数", "Openings"),
    "dash.timeline": ("分时段趋势", "By hour"),
    "dash.top_applications": ("投递最多的企业", "Top enterprises by applications"),
    "dash.top_intentions": ("意向最多的企业", "Top enterprises by intentions"),
    "dash.by_trade": ("各工种投递", "Applications by trade"),
    "dash.booths": ("各展位数据", "Per booth"),
    "dash.col.booth": ("展位", "Booth"),
    "dash.col.enterprise": ("企业", "Enterprise"),
    "dash.col.industry": ("行业", "Industry"),
    "dash.col.postings": ("岗位数", "Postings"),
    "dash.col.openings": ("招聘人数", "Openings"),
    "dash.col.trade": ("工种", "Trade"),
    "dash.col.code": ("职业编码", "Code"),
    "dash.col.level": ("技能等级", "Skill level"),
    "dash.col.demand": ("需求（招聘人数）", "Demand (openings)"),
    "dash.col.supply": ("供给（简历）", "Supply (résumés)"),
    "dash.col.gap": ("缺口（供给−需求）", "Gap (supply − demand)"),
    "dash.col.date": ("时间", "Time"),
    "dash.col.candidate": ("求职者编号", "Candidate ref."),
    "dash.col.education": ("学历", "Education"),
    "dash.col.posting": ("岗位", "Posting"),
    "dash.col.hour": ("时段", "Hour"),
    "dash.col.item": ("指标", "Measure"),
    "dash.col.value": ("数值", "Value"),
    "dash.demand.title": ("人才供需图", "Talent demand map"),
    "dash.demand.hint": (
        "按职业中类×技能等级：红色表示人才缺口（需求大于供给），绿色表示供给充足；点击一行查看具体工种。",
        "Occupation group × skill level: red means a shortage (demand above supply), green "
        "enough supply; click a row to see its trades.",
    ),
    "dash.demand.back": ("返回职业中类", "Back to groups"),
    "dash.demand.empty": ("暂无岗位或简历数据", "No postings or résumés yet"),
    "dash.level.unspecified": ("未注明", "Unspecified"),
    "dash.trade.unclassified": ("未分类", "Unclassified"),
    "dash.report.xlsx": ("下载报告（Excel）", "Report (Excel)"),
    "dash.report.pdf": ("下载报告（PDF）", "Report (PDF)"),
    "report.title": ("招聘会总结报告", "Fair report"),
    "report.fair": ("招聘会", "Fair"),
    "report.venue_label": ("地点", "Venue"),
    "report.venue": ("地点：{venue}", "Venue: {venue}"),
    "report.period": ("时间：{start} 至 {end}", "Time: {start} to {end}"),
    "report.generated": ("生成时间：{at}", "Generated: {at}"),
    "report.sheet.summary": ("概览", "Summary"),
    "report.sheet.enterprises": ("按企业", "By enterprise"),
    "report.sheet.trades": ("按工种", "By trade"),
    "report.sheet.levels": ("按技能等级", "By skill level"),
    "report.sheet.hours": ("分时段", "By hour"),
    "report.sheet.intentions": ("意向名单", "Intentions"),
    "report.privacy": (
        "本名单不含求职者姓名和联系方式。",
        "This list holds no names or contact details of job seekers.",
    ),
    "report.chart.levels": ("各技能等级供需", "Demand and supply by skill level"),
    # enterprise portal (issue 6)
    "portal.nav": ("企业菜单", "Enterprise menu"),
    "portal.nav.postings": ("我的岗位", "My postings"),
    "portal.nav.new": ("发布岗位", "New posting"),
    "portal.nav.import": ("Excel 批量导入", "Import from Excel"),
    "portal.nav.logout": ("退出登录", "Log out"),
    "portal.login.title": ("企业登录", "Employer login"),
    "portal.login.intro": (
        "登录后发布岗位、查看匹配的候选人、下载简历并登记初步就业意向。",
        "Log in to post jobs, see matched candidates, download résumés and record intentions.",
    ),
    "portal.login.username": ("用户名", "Username"),
    "portal.login.password": ("密码", "Password"),
    "portal.login.submit": ("登录", "Log in"),
    "portal.login.failed": ("用户名或密码错误", "Wrong username or password"),
    "portal.postings.title": ("我的岗位", "My postings"),
    "portal.postings.all": ("全部", "All"),
    "portal.postings.applicants": ("投递人数", "Applicants"),
    "portal.postings.status": ("状态", "Status"),
    "portal.postings.actions": ("操作", "Actions"),
    "portal.postings.candidates": ("候选人", "Candidates"),
    "portal.postings.edit": ("编辑", "Edit"),
    "portal.postings.close": ("停止招聘", "Close"),
    "portal.postings.reopen": ("重新开放", "Reopen"),
    "portal.postings.none": (
        "还没有岗位，先发布一个吧。",
        "No postings yet. Publish your first one.",
    ),
    "portal.status.open": ("招聘中", "Open"),
    "portal.status.closed": ("已关闭", "Closed"),
    "portal.field.fair": ("招聘会", "Fair"),
    "portal.field.title": ("岗位名称", "Job title"),
    "portal.field.occupation_code": ("职业编码", "Occupation code"),
    "portal.field.salary": ("月薪（元）", "Monthly pay (yuan)"),
    "portal.field.skill_level": ("技能等级要求", "Required skill level"),
    "portal.field.education": ("学历要求", "Required education"),
    "portal.field.min_years": ("最低工作年限", "Minimum years"),
    "portal.field.headcount": ("招聘人数", "Openings"),
    "portal.field.salary_min": ("最低月薪（元）", "Minimum pay (yuan)"),
    "portal.field.salary_max": ("最高月薪（元）", "Maximum pay (yuan)"),
    "portal.field.location": ("工作地点", "Work location"),
    "portal.field.certificates": ("证书要求（顿号分隔）", "Certificates (comma separated)"),
    "portal.field.description": ("岗位职责", "Duties"),
    "portal.field.requirements": ("任职要求", "Requirements"),
    "portal.form.new": ("发布岗位", "New posting"),
    "portal.form.edit": ("编辑岗位", "Edit posting"),
    "portal.form.suggest": ("推荐职业编码", "Suggest occupation"),
    "portal.form.suggest_hint": (
        "按岗位名称从国家职业分类大典中推荐前 5 个，请选择最贴切的一项。",
        "The five closest national occupations for the title; pick the best one.",
    ),
    "portal.form.auto": ("自动（取最匹配的一项）", "Automatic (best match)"),
    "portal.form.save": ("保存", "Save"),
    "portal.import.title": ("Excel 批量导入岗位", "Import postings from Excel"),
    "portal.import.step1": ("下载模板：", "Download the template:"),
    "portal.import.step2": (
        "每行填写一个岗位，可删除示例行；技能等级和学历按“可选值”表填写。",
        "One posting per row (you may delete the example); use the allowed values sheet.",
    ),
    "portal.import.step3": (
        "上传后逐行检查：任何一行有误则一条也不导入，并列出需修改的行。",
        "Every row is checked: if any row is wrong nothing is imported and the rows are listed.",
    ),
    "portal.import.template": ("下载模板 .xlsx", "Template .xlsx"),
    "portal.import.failed": (
        "有 {n} 行需要修改，本次未导入任何岗位：",
        "{n} rows need fixing; nothing was imported:",
    ),
    "portal.import.row": ("行号", "Row"),
    "portal.import.column": ("列", "Column"),
    "portal.import.reason": ("原因", "Reason"),
    "portal.import.done": ("已导入 {n} 个岗位。", "{n} postings imported."),
    "portal.import.file": ("Excel 文件（.xlsx）", "Excel file (.xlsx)"),
    "portal.import.submit": ("上传并导入", "Upload and import"),
    "portal.export.title": ("导出候选人", "Candidate export"),
    "portal.export.count": ("导出前", "Export top"),
    "portal.export.xlsx": ("导出 Excel", "Excel"),
    "portal.export.zip": ("导出简历 PDF（ZIP）", "PDF résumés (ZIP)"),
    "portal.export.limit": ("前 {n} 名", "top {n}"),
    "portal.export.working": ("正在生成，请稍候…", "Preparing the file…"),
    "portal.export.ready": ("已生成，共 {n} 份简历。", "Ready: {n} résumés."),
    "portal.export.download": ("下载文件", "Download"),
    "portal.export.expires": ("文件保留至 {at}", "Kept until {at}"),
    "portal.export.failed": ("生成失败，请重试。", "The export failed; please try again."),
    "portal.export.back": ("返回候选人列表", "Back to candidates"),
    "portal.candidates.title": ("「{title}」的候选人", "Candidates for “{title}”"),
    "portal.candidates.order": ("排序", "Order"),
    "portal.candidates.applied_first": ("投递者优先", "Applicants first"),
    "portal.candidates.mixed": ("按匹配度", "By match"),
    "portal.candidates.applied_only": ("只看已投递", "Applicants only"),
    "portal.candidates.min_level": ("技能等级不低于", "Skill level at least"),
    "portal.candidates.min_education": ("学历不低于", "Education at least"),
    "portal.candidates.district_hint": ("如：武进区", "e.g. Wujin"),
    "portal.candidates.show": ("显示", "Show"),
    "portal.candidates.count": ("共 {n} 位候选人", "{n} candidates"),
    "portal.candidates.none": ("暂无符合条件的候选人。", "No candidates match."),
    "portal.candidates.applied": ("已投递", "Applied"),
    "portal.candidates.recommended": ("推荐（未投递）", "Recommended (not applied)"),
    "portal.candidates.years": ("{n} 年经验", "{n} yrs"),
    "portal.candidates.masked": (
        "求职者投递或接受邀请后才显示姓名和电话。",
        "Name and phone appear once the seeker applies or accepts your invitation.",
    ),
    "portal.candidates.score": ("匹配度", "Match"),
    "portal.candidates.why": ("匹配理由", "Why this match"),
    "portal.candidates.stage": ("进度", "Stage"),
    "portal.candidates.note": ("备注", "Note"),
    "portal.candidates.save": ("保存", "Save"),
    "portal.candidates.pdf": ("下载简历 PDF", "Résumé PDF"),
    "portal.candidates.intention": ("登记初步意向", "Record intention"),
    "portal.candidates.invite": ("邀请投递", "Invite to apply"),
    "portal.stage.new": ("新投递", "New"),
    "portal.stage.contacted": ("已联系", "Contacted"),
    "portal.stage.interview": ("面试", "Interview"),
    "portal.stage.intention": ("初步意向", "Intention"),
    "portal.stage.rejected": ("不合适", "Rejected"),
    "portal.invitation.pending": ("已邀请", "Invited"),
    "portal.invitation.accepted": ("已接受邀请", "Accepted"),
    "portal.invitation.declined": ("已婉拒", "Declined"),
    "portal.why.matched_skills": ("具备技能", "Matched skills"),
    "portal.why.missing_skills": ("缺少技能", "Missing skills"),
    "portal.why.matched_certificates": ("具备证书", "Matched certificates"),
    "portal.why.missing_certificates": ("缺少证书", "Missing certificates"),
    "portal.why.level_gap": ("等级差", "Level gap"),
    "portal.why.occupation": ("职业", "Occupation"),
    # résumé PDF
    "pdf.title": ("简历", "Résumé"),
    "pdf.phone": ("电话", "Phone"),
    "pdf.education": ("学历", "Education"),
    "pdf.school": ("学校专业", "School"),
    "pdf.level": ("技能等级", "Skill level"),
    "pdf.years": ("工作年限", "Years"),
    "pdf.certificates": ("证书", "Certificates"),
    "pdf.desired": ("期望岗位", "Desired job"),
    "pdf.salary": ("期望月薪", "Expected pay"),
    "pdf.skills": ("技能特长", "Skills"),
    "pdf.experience": ("工作经历", "Experience"),
    "pdf.masked": (
        "未投递：姓名和电话已隐去",
        "Not applied: name and phone hidden",
    ),
    # candidate export (XLSX)
    "export.sheet": ("候选人", "Candidates"),
    "export.col.rank": ("排名", "Rank"),
    "export.col.name": ("姓名", "Name"),
    "export.col.phone": ("电话", "Phone"),
    "export.col.applied": ("已投递", "Applied"),
    "export.col.score": ("匹配度", "Score"),
    "export.col.factor.semantic": ("语义相似度", "Semantic"),
    "export.col.factor.occupation": ("职业匹配", "Occupation"),
    "export.col.factor.skill_level": ("技能等级", "Skill level"),
    "export.col.factor.certificates": ("证书", "Certificates"),
    "export.col.factor.experience": ("工作年限", "Experience"),
    "export.col.factor.location": ("工作地点", "Location"),
    "export.col.factor.salary": ("薪资", "Salary"),
    "export.col.matched_skills": ("具备技能", "Matched skills"),
    "export.col.missing_skills": ("缺少技能", "Missing skills"),
    "export.col.matched_certificates": ("具备证书", "Matched certificates"),
    "export.col.missing_certificates": ("缺少证书", "Missing certificates"),
    "export.col.level_gap": ("等级差", "Level gap"),
    "export.col.occupation": ("职业", "Occupation"),
    "export.col.summary_zh": ("匹配理由", "Reason (zh)"),
    "export.col.summary_en": ("匹配理由（英文）", "Reason (en)"),
    "export.col.education": ("学历", "Education"),
    "export.col.skill_level": ("技能等级", "Skill level"),
    "export.col.years": ("工作年限", "Years"),
    "export.col.desired_title": ("期望岗位", "Desired job"),
    "export.col.district": ("期望地点", "Desired location"),
    "export.col.stage": ("进度", "Stage"),
    "export.col.note": ("备注", "Note"),
    "export.col.intention": ("初步意向", "Intention"),
    # posting import (XLSX)
    "import.sheet": ("岗位", "Postings"),
    "import.allowed": ("可选值", "Allowed values"),
    "import.col.title": ("岗位名称*", "Job title*"),
    "import.col.occupation_code": ("职业编码", "Occupation code"),
    "import.col.skill_level": ("技能等级", "Skill level"),
    "import.col.education": ("学历", "Education"),
    "import.col.min_years": ("最低年限", "Minimum years"),
    "import.col.certificates": ("证书（顿号分隔）", "Certificates"),
    "import.col.headcount": ("招聘人数", "Openings"),
    "import.col.salary_min": ("最低月薪*", "Minimum pay*"),
    "import.col.salary_max": ("最高月薪*", "Maximum pay*"),
    "import.col.location": ("工作地点", "Location"),
    "import.col.description": ("岗位职责", "Duties"),
    "import.col.requirements": ("任职要求", "Requirements"),
    "import.error.required": ("必填", "required"),
    "import.error.integer": ("须为整数", "must be a whole number"),
    "import.error.choice": ("不在可选值中", "not one of the allowed values"),
    "import.error.too_long": ("内容过长", "too long"),
    "import.error.too_many": ("项数过多", "too many items"),
    "import.error.range": ("超出允许范围", "out of range"),
    "import.error.format": ("格式不正确", "wrong format"),
    "import.error.invalid": ("无效", "invalid"),
    "import.bad_file": (
        "无法读取文件，请上传 .xlsx 格式的模板",
        "Cannot read the file; upload the .xlsx template",
    ),
    "import.too_many": ("一次最多导入 {n} 行", "At most {n} rows per import"),
    "import.empty": ("文件中没有岗位数据", "The file has no posting rows"),
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
