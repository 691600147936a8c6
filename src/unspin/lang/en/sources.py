"""Words that say who vouches for a statement: reporting verbs, and nouns for media, documents,
hearsay, and described-but-unnamed or faceless sources."""

from __future__ import annotations

# Verbs whose subject vouches for a clause ("X said that ...", "X confirmed ...").
REPORTING_VERBS = frozenset(
    """say tell report announce state claim confirm add declare insist warn deny allege explain note write
    tweet post estimate believe think reveal acknowledge admit argue assert stress maintain predict indicate
    suggest show conclude find testify disclose brief inform assure vow recount recall emphasise emphasize
    underline observe remark comment mention contend complain repeat reiterate specify clarify speculate
    calculate know understand quote put give record register count fear rumour rumor continue
    respond reply""".split()
)

# Reporting verbs that stand on their own with a subject ("..., officials said.", '"...," she said.').
BARE_REPORTING_VERBS = frozenset(
    """say report add claim state write announce confirm insist warn note explain tell tweet post continue
    respond reply""".split()
)

# Agentless passives of these mark a vague attribution ("it has been confirmed", "is estimated").
VAGUE_PASSIVE_VERBS = frozenset(
    """say report confirm estimate believe know think understand allege claim rumour rumor suspect assume
    announce reveal suggest fear""".split()
)

# Verbs that vouch for a number in their object ("the hospital confirmed the deaths of 12 people").
FIGURE_OBJECT_VERBS = frozenset("report announce confirm estimate record register count give put".split())

FIGURE_NOUNS = frozenset("toll number figure count total tally death casualty cost damage loss".split())

ADVERB_CUES = frozenset(["reportedly", "allegedly", "purportedly", "supposedly", "reputedly"])

# Agentless passives of these vouch for a statement only with "it" or a clause: "it was announced that".
PASSIVE_NEEDS_CLAUSE = frozenset(["announce", "reveal", "suggest", "fear"])

MEDIA_NOUNS = frozenset(
    """broadcaster newspaper daily weekly tabloid magazine channel television tv radio outlet website
    network press media medium newswire wire blog podcast news""".split()
)

MEDIA_NAME_WORDS = frozenset(
    """times post news tv television radio herald gazette tribune journal courier daily chronicle telegraph
    guardian observer express mirror press broadcasting broadcaster channel mail monitor dispatch bulletin
    wire weekly magazine inquirer independent examiner sentinel leader standard""".split()
)

MEDIA_NAMES = frozenset(
    """reuters ap afp bbc cnn xinhua tass interfax bloomberg dpa ansa efe kyodo yonhap nhk npr euronews
    rt sputnik politico axios ria al-jazeera aljazeera dw jta upi pti ani""".split()
)

MEDIA_PHRASES = (
    "al jazeera",
    "associated press",
    "agence france",
    "sky news",
    "fox news",
    "deutsche welle",
    "france 24",
    "ria novosti",
    "al arabiya",
)

DOCUMENT_NOUNS = frozenset(
    """report document memo memorandum study survey letter dossier file assessment audit cable filing record
    data figure statistic census analysis review investigation inquiry finding minute transcript email
    message statement communique communiqué release video footage photo photograph image recording poll
    indictment ruling verdict resolution leak paper note budget bulletin lawsuit suit complaint petition
    docket evidence timeline notification alert
    affidavit warrant motion bill law legislation treaty decree filing book article tweet""".split()
)

# An organisation's own words: "a statement from the ministry" is the ministry speaking.
STATEMENT_NOUNS = frozenset("statement communique communiqué release announcement".split())

# Bare plurals of these are hearsay, not documents: "reports say", "rumours suggest".
HEARSAY_NOUNS = frozenset("report rumour rumor claim estimate speculation word account".split())

ANONYMOUS_NOUNS = frozenset(
    """official source witness resident diplomat insider aide officer soldier doctor nurse medic worker
    employee person people villager survivor activist member spokesperson spokesman spokeswoman relative
    neighbour neighbor commander student protester organiser organizer man woman guard staffer lawmaker
    legislator politician employee volunteer rescuer paramedic fighter militant rebel journalist reporter
    correspondent investigator inspector monitor negotiator mediator adviser advisor friend staff
    personnel crew team couple family parent mother father son daughter husband wife boy girl child
    teenager victim suspect owner landlord neighbour neighbor shopkeeper driver farmer teacher""".split()
)

VAGUE_NOUNS = frozenset(
    """expert analyst observer critic commentator people many some other someone everyone everybody
    somebody patriot scientist economist historian specialist pundit citizen one""".split()
)

# Speech acts whose object is what was said ("praised the rapid response", "accused Sessions of ...").
OBJECT_SPEECH_VERBS = frozenset(
    """accuse urge condemn blast slam lambaste demand dismiss describe welcome reject""".split()
)

# Passives whose "by" phrase vouches for something without a reported clause ("the outbreak was
# declared by the ministry"); "a note written by an agent" is authorship, not attribution.
AGENT_VERBS = frozenset(
    """say report announce state claim confirm declare deny allege reveal estimate put give disclose
    indicate predict conclude suggest show""".split()
)

# Modals under which a reporting verb is a possibility, not a statement made ("he can say").
# "Will" and "would" too: "time will tell", "officers would have known" report nothing said yet.
HYPOTHETICAL_MODALS = frozenset("can could might may must should ca will would 'll wo".split())

# Texts that "say" or "note" what they enact, not what someone vouches for ("the motion notes", "a bill
# that says"): legislation is no source.
LEGISLATION_NOUNS = frozenset(
    """motion bill law act statute ordinance resolution amendment legislation regulation constitution
    clause provision""".split()
)

# Verbs that, with an object and a way in ("welcomed him into Britain", "admitted two preachers into
# the country"), let someone in rather than say anything.
ENTRY_VERBS = frozenset("admit welcome".split())
ENTRY_PREPOSITIONS = frozenset("into to".split())

# Subjects that are never a source: the writer and reader, nobody, a question word, "anyone".
NON_SOURCES = frozenset("i we you us 's ’s nobody none no whoever anyone anybody whatever".split())

# Participles that add a second statement of the same speaker ("said ..., adding that ...").
PARTICIPLE_CUES = frozenset(
    """say add insist claim warn note explain argue allege deny state tell announce stress accuse reveal
    admit suggest""".split()
)

# "X claimed responsibility for the attack", "took credit for it": a group owning an act.
RESPONSIBILITY_VERBS = frozenset("claim take accept admit assume bear".split())
RESPONSIBILITY_NOUNS = frozenset(["responsibility", "credit"])

# Verbs that report speech only as the tag of a quotation ('"...," Perry continued.', 'she replied').
QUOTE_TAG_VERBS = frozenset(["continue", "respond", "reply"])

DEMONSTRATIVES = frozenset(["that", "this", "these", "those", "which"])

# Subjects that move rather than speak: "the index added 20 points", "shares added 3 percent".
MARKET_NOUNS = frozenset(
    """index indices share stock market price bond yield currency dollar euro yen pound rouble ruble yuan
    franc oil gold nasdaq dow ftse nikkei dax benchmark futures""".split()
)

# Verbs whose infinitive complement is what they report: "claimed to have seen", "denied ever meeting".
XCOMP_CLAIMS = frozenset("claim allege profess pretend deny admit purport".split())
