"""Words around place names: locative prepositions, region words, headline flags that are no dateline."""

from __future__ import annotations

NOT_DATELINE_WORDS = frozenset(
    "BREAKING UPDATE UPDATED EXCLUSIVE ANALYSIS OPINION WATCH LIVE VIDEO EDITORIAL".split()
)

LOCATIVE_PREPOSITIONS = frozenset(
    "in at near from to into outside around across towards toward through via".split()
)

PLACE_NAMED_INSTITUTIONS = frozenset("parliament congress senate government court cabinet office".split())

# Words after a name that make it a region ("Kherson oblast"); tuple, for the regular expression.
REGION_WORDS = ("region", "province", "oblast", "governorate", "prefecture")
# Administrative-area words after a name: the region words and those that also have other senses.
ADMINISTRATIVE_AREA_WORDS = (*REGION_WORDS, "state", "district", "county", "department", "territory")

STRICT_LOCATIVE_PREPOSITIONS = frozenset("in near outside into".split())

# Verbs of governments: a capital as their subject ("Moscow denied", "Washington imposed sanctions") or
# object ("warned Tokyo") stands for the government, not the city. Reporting verbs are added to these.
GOVERNMENT_VERBS = frozenset(
    """accuse threaten reject condemn demand urge impose sanction expel retaliate respond recognise
    recognize protest summon veto negotiate agree refuse criticise criticize blame welcome pledge promise
    approve order offer seek""".split()
)
# Verbs whose object is a government when it is a capital ("Beijing warned Tokyo").
GOVERNMENT_OBJECT_VERBS = frozenset("warn urge accuse sanction criticise criticize blame threaten".split())

# Nationality adjectives and nouns ("Kazakh", "Polish"), lower case, comma-separated per country, to the
# ISO 3166-1 alpha-2 code of their country. The packaged data has none; this list covers the countries
# in the news (written for unspin).
DEMONYMS: dict[str, str] = {
    w: iso
    for iso, words in {
        "AF": "afghan,afghani",
        "AL": "albanian",
        "DZ": "algerian",
        "AO": "angolan",
        "AR": "argentine,argentinian",
        "AM": "armenian",
        "AU": "australian",
        "AT": "austrian",
        "AZ": "azerbaijani,azeri",
        "BH": "bahraini",
        "BD": "bangladeshi",
        "BY": "belarusian,belarusan",
        "BE": "belgian",
        "BO": "bolivian",
        "BA": "bosnian",
        "BR": "brazilian",
        "GB": "british,english,scottish,welsh",
        "BG": "bulgarian",
        "MM": "burmese",
        "KH": "cambodian",
        "CM": "cameroonian",
        "CA": "canadian",
        "TD": "chadian",
        "CL": "chilean",
        "CN": "chinese",
        "CO": "colombian",
        "CD": "congolese",
        "HR": "croatian,croat",
        "CU": "cuban",
        "CY": "cypriot",
        "CZ": "czech",
        "DK": "danish",
        "NL": "dutch",
        "EC": "ecuadorian",
        "EG": "egyptian",
        "AE": "emirati",
        "ER": "eritrean",
        "EE": "estonian",
        "ET": "ethiopian",
        "PH": "filipino,philippine",
        "FI": "finnish",
        "FR": "french",
        "GE": "georgian",
        "DE": "german",
        "GH": "ghanaian",
        "GR": "greek",
        "HU": "hungarian",
        "IS": "icelandic",
        "IN": "indian",
        "ID": "indonesian",
        "IR": "iranian,persian",
        "IQ": "iraqi",
        "IE": "irish",
        "IL": "israeli",
        "IT": "italian",
        "CI": "ivorian",
        "JP": "japanese",
        "JO": "jordanian",
        "KZ": "kazakh,kazakhstani",
        "KE": "kenyan",
        "XK": "kosovar",
        "KW": "kuwaiti",
        "KG": "kyrgyz",
        "LA": "lao,laotian",
        "LV": "latvian",
        "LB": "lebanese",
        "LY": "libyan",
        "LT": "lithuanian",
        "MK": "macedonian",
        "MY": "malaysian",
        "ML": "malian",
        "MT": "maltese",
        "MX": "mexican",
        "MD": "moldovan",
        "MN": "mongolian",
        "ME": "montenegrin",
        "MA": "moroccan",
        "MZ": "mozambican",
        "NP": "nepali,nepalese",
        "NZ": "new zealander",
        "NE": "nigerien",
        "NG": "nigerian",
        "KP": "north korean",
        "NO": "norwegian",
        "OM": "omani",
        "PK": "pakistani",
        "PS": "palestinian",
        "PE": "peruvian",
        "PL": "polish",
        "PT": "portuguese",
        "QA": "qatari",
        "RO": "romanian",
        "RU": "russian",
        "RW": "rwandan",
        "SA": "saudi",
        "SN": "senegalese",
        "RS": "serbian,serb",
        "SK": "slovak",
        "SI": "slovenian,slovene",
        "SO": "somali",
        "ZA": "south african",
        "KR": "south korean,korean",
        "SS": "south sudanese",
        "ES": "spanish",
        "LK": "sri lankan",
        "SD": "sudanese",
        "SE": "swedish",
        "CH": "swiss",
        "SY": "syrian",
        "TW": "taiwanese",
        "TJ": "tajik",
        "TZ": "tanzanian",
        "TH": "thai",
        "TN": "tunisian",
        "TR": "turkish",
        "TM": "turkmen",
        "UG": "ugandan",
        "UA": "ukrainian",
        "US": "american",
        "UY": "uruguayan",
        "UZ": "uzbek",
        "VE": "venezuelan",
        "VN": "vietnamese",
        "YE": "yemeni",
        "ZM": "zambian",
        "ZW": "zimbabwean",
    }.items()
    for w in words.split(",")
}
