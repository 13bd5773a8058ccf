"""Word lists the annotation steps share (lemmas, lower case)."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text."""
    return frozenset(text.split())

# Verbs that introduce what someone said or wrote.
SPEECH_VERBS = words("""
say tell announce add note emphasise emphasize stress write state declare confirm explain insist claim argue
warn report reply respond answer ask urge suggest acknowledge admit deny allege assert contend concede maintain
mention predict promise vow pledge recall reveal remark comment tweet post testify complain caution indicate
observe disclose inform remind repeat reiterate continue conclude charge accuse praise criticize criticise
describe call propose demand estimate forecast agree signal hint boast joke quip counter retort concur mutter
shout yell blast slam dub label hail thank chant tout decry lament mock ridicule brand deride dismiss chide
scold blame credit insult attack exclaim interject interrupt muse scream cry plead beg wonder marvel assure gush
chime snap read scoff
""")

# Verbs of belief, intention and perception that PolNeAR-style attribution also covers ("X believes that ...").
COGNITIVE_VERBS = words("""
believe think expect hope fear feel know worry doubt suspect consider assume reckon understand realise realize
want plan intend seek wish
""")

# Cognitive verbs that take their content as an infinitive ("plans to", "hopes to", "wants to").
XCOMP_CUES = words("""
expect hope plan intend seek want wish promise vow pledge refuse threaten
""")

CUE_VERBS = SPEECH_VERBS | COGNITIVE_VERBS

# "issued a statement", "posted a message": a verb and object that together mean "said".
STATEMENT_VERBS = words("issue release give send post make deliver")
STATEMENT_NOUNS = words("statement message tweet post remark remarks comment comments response reply answer retort")

# Cues that are nouns or prepositions: "according to X", "in a statement", "X's claim that".
ACCORDING = "according"

# Head nouns that make a noun phrase a news source ("the pro-state news agency RBK", "Russian media").
MEDIA_NOUNS = words("""
agency agencies newspaper newspapers paper outlet outlets media broadcaster channel network daily magazine
website site tabloid wire publication news television radio journal newswire portal newsroom
""")

# Words that end outlet names ("The Harbour Gazette", "Valley Courier", "Meridian Press Agency").
OUTLET_NAME_WORDS = words("""
gazette times post herald courier news journal tribune telegraph daily chronicle observer press wire radio tv
agency independent ledger guardian mirror express standard star sun record review today monitor bulletin dispatch
inquirer examiner weekly magazine
""")

# News agencies and outlets often credited inside articles (names as written; compared case-insensitively).
AGENCIES = frozenset(name.lower() for name in """
Reuters|AP|Associated Press|AFP|Agence France-Presse|TASS|RIA Novosti|RIA|Interfax|Interfax-Ukraine|RBK|RBC|
Bloomberg|Bloomberg News|Xinhua|Kyodo|Yonhap|Anadolu|dpa|EFE|ANSA|PAP|Ukrinform|UNN|BBC|CNN|Fox News|NBC|
NBC News|CBS|CBS News|ABC|ABC News|NPR|The New York Times|New York Times|The Washington Post|Washington Post|
The Wall Street Journal|Wall Street Journal|Financial Times|The Guardian|Politico|Axios|Al Jazeera|Kommersant|
Vedomosti|Izvestia|RT|Sputnik|Meduza|The Moscow Times|Kyiv Independent|Ukrainska Pravda|Suspilne|Novaya Gazeta|
Der Spiegel|Le Monde|The Times|The Telegraph|The Economist|Nikkei|South China Morning Post|New York Post|The Post|
The Hill|USA Today|Breitbart|HuffPost|Huffington Post|Daily Mail|The Independent|Semafor|The Information
""".replace("\n", "").split("|"))

# Descriptions that name a role rather than a person ("the envoy", "the Russian official").
ROLE_NOUNS = words("""
official envoy spokesman spokeswoman spokesperson president minister secretary ceo head chief leader director
chairman chairwoman chair governor senator lawmaker representative ambassador diplomat adviser advisor aide
premier chancellor mayor general commander candidate nominee billionaire businessman founder executive
prosecutor judge lawyer attorney engineer manager inspector officer economist analyst expert negotiator envoy
banker investor
""")

PERSON_PRONOUNS = words("""
he she him her
""")
PLURAL_PRONOUNS = words("""
they them we
""")

# Quote marks: openers, closers, and the ambiguous straight mark.
OPEN_QUOTES = "“„«"
CLOSE_QUOTES = "”»"
STRAIGHT_QUOTE = '"'

# Common given names whose bearers are nearly always women or men, for pronoun agreement ("she said"
# after "Hillary Clinton and Bernie Sanders"). A name on neither list leaves the person's gender open.
FEMALE_GIVEN_NAMES = words("""
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa margaret betty sandra ashley
kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca laura sharon cynthia kathleen amy
shirley angela helen anna brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn
janet ruth maria heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith
megan cheryl andrea hannah martha jacqueline frances gloria ann anne teresa kathryn sara janice jean alice
madison doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia marie diana brittany
natalie isabella charlotte rose alexis kayla hillary hilary nikki kellyanne nancy elise elena
sonia ruth kamala tulsi condoleezza madeleine theresa angela marine ursula christine giorgia jacinda liz
kristi kirsten elizabeth tammy dianne debbie claire maxine ilhan alexandria ayanna rashida loretta janet
sheryl oprah melania ivanka chelsea huma donna jill michele ana carly meghan greta yulia olena oksana svetlana
irina natalia tatiana olga ekaterina maria valentina lyudmila marina anastasia sofia
""")
MALE_GIVEN_NAMES = words("""
james robert john michael david william richard joseph thomas charles christopher daniel matthew anthony mark
donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick
raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe
bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason
philip louis barack bernie bernard ted marco jeb ben chris rand mike mitch lindsey newt rick reince rudy
vladimir dmitry dmitri sergei sergey kirill volodymyr emmanuel xi boris recep narendra justin benjamin bibi
nicolas olaf friedrich keir rishi tony gordon elon jeff bill steve tim sundar satya mitt chuck kevin hakeem
pete joe hunter kamal antony lloyd jake marcus ivan alexei alexey mikhail nikolai viktor yuri oleg andrei
pavel maxim igor ali mohammed muhammad ahmed hassan omar abdul khalid
""")
