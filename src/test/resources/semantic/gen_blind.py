# Writes blind.jsonl: the semantic cache's BLIND evaluation set, written after the exact guards were last changed
# (the changes were made looking at heldout.jsonl's false hits) and measured once, with nothing changed afterwards.
# Hand-written pairs, plus typo, politeness and case variants of the hand-written questions made with fixed seeds.
# Run from the repository root: python3 src/test/resources/semantic/gen_blind.py
import json, random
pairs = []
def pos(a, b, kind): pairs.append({"a": a, "b": b, "match": True, "kind": kind})
def neg(a, b, kind): pairs.append({"a": a, "b": b, "match": False, "kind": kind})

# ---------- should match ----------
paraphrases = [
 ("How do I cancel my gym membership?", "What's the process for cancelling a gym membership?"),
 ("What is the difference between baking soda and baking powder?", "How does baking soda differ from baking powder?"),
 ("Why do onions make you cry?", "What makes your eyes water when you cut onions?"),
 ("How do I get a passport renewed?", "How can I renew my passport?"),
 ("What is a Roth IRA?", "Can you explain what a Roth IRA is?"),
 ("How do I unclog a bathroom sink?", "What's the way to unclog a bathroom sink?"),
 ("Who invented the printing press?", "Which person invented the printing press?"),
 ("How do I get better at chess?", "How can I improve my chess game?"),
 ("What is sourdough starter?", "Can you explain what a sourdough starter is?"),
 ("How do I set up two-factor authentication?", "How can I enable two-factor authentication?"),
 ("What are the symptoms of burnout?", "What are the signs of burnout?"),
 ("How do I stop my glasses from fogging up?", "How can I keep my glasses from fogging?"),
 ("What is a sonnet?", "Explain what a sonnet is."),
 ("How do I write a SQL query that removes duplicate rows?", "How can I delete duplicate rows with a SQL query?"),
 ("What does a product owner do?", "What is the role of a product owner?"),
 ("How do I repot a plant?", "What's the right way to repot a plant?"),
 ("What is a leap second?", "Can you explain leap seconds?"),
 ("How do I improve my handwriting?", "How can I make my handwriting better?"),
 ("Why do we have daylight saving time?", "What is the reason for daylight saving time?"),
 ("How do I check the battery health of my laptop?", "How can I see my laptop's battery health?"),
 ("What is a mutual fund?", "Can you explain what a mutual fund is?"),
 ("How do I teach my kid to ride a bike?", "How can I teach my child to ride a bicycle?"),
 ("What is the Doppler effect?", "Explain the Doppler effect."),
 ("How do I prevent my bread from going stale?", "How can I keep bread from going stale?"),
 ("What is a CDN?", "What does a content delivery network do?"),
 ("How do I deal with a difficult coworker?", "How should I handle a difficult coworker?"),
 ("What are the northern lights?", "What is the aurora borealis?"),
 ("How do I make a budget spreadsheet?", "How can I build a spreadsheet for my budget?"),
 ("What does GDPR stand for?", "What is GDPR short for?"),
 ("How do I remove a stripped screw?", "How can I get a stripped screw out?"),
 ("What is the difference between a crocodile and an alligator?", "How do alligators differ from crocodiles?"),
 ("How do I write a limerick?", "How should I go about writing a limerick?"),
 ("What is a VPN?", "Can you explain what a VPN is?"),
 ("How do I calm down before an exam?", "How can I relax before an exam?"),
 ("What are the health benefits of walking?", "How is walking good for your health?"),
 ("How do I make a paper airplane?", "How can I fold a paper airplane?"),
 ("What is a black swan event?", "Can you explain what a black swan event is?"),
 ("How do I clean my laptop keyboard?", "What's the best way to clean a laptop keyboard?"),
 ("Why do we dream?", "What is the reason we dream?"),
 ("How do I rename a file in Linux?", "How can I rename a file on Linux?"),
 ("What is the difference between HTTP and HTTPS?", "How does HTTPS differ from HTTP?"),
 ("How do I cook quinoa?", "What's the way to cook quinoa?"),
 ("What is impostor syndrome?", "Can you explain impostor syndrome?"),
 ("How do I find a good therapist?", "How can I find a good therapist?"),
 ("What is a lunar eclipse?", "Explain what a lunar eclipse is."),
 ("How do I organize my closet?", "What's a good way to organize a closet?"),
 ("What is a monad in functional programming?", "Can you explain monads in functional programming?"),
 ("How do I protect my house from burglars?", "How can I keep burglars out of my house?"),
 ("What is the circle of fifths?", "Explain the circle of fifths."),
 ("How do I write a good commit message?", "What makes a good commit message?"),
 ("How do I make hot chocolate from scratch?", "How can I make homemade hot chocolate?"),
 ("What is an S corporation?", "Can you explain what an S corp is?"),
 ("How do I stop my dog from barking at night?", "How can I get my dog to stop barking at night?"),
 ("What is a gerund?", "Can you explain what a gerund is?"),
 ("How do I check if a number is even in C?", "How can I test whether a number is even in C?"),
 ("What are the stages of grief?", "What stages does grief go through?"),
 ("How do I keep avocados from turning brown?", "How can I stop avocados from browning?"),
 ("What is edge computing?", "Can you explain edge computing?"),
 ("How do I write a thank-you note?", "How should I write a thank-you note?"),
 ("What is the Fermi paradox?", "Explain the Fermi paradox."),
 ("How do I make my phone battery last longer?", "How can I extend my phone's battery life?"),
 ("What is a sprint in Scrum?", "Can you explain what a Scrum sprint is?"),
 ("How do I remove rust from tools?", "How can I get rust off my tools?"),
 ("What is the difference between empathy and sympathy?", "How does empathy differ from sympathy?"),
 ("How do I make friends in a new city?", "How can I meet people after moving to a new city?"),
 ("What is a deadlock in databases?", "Can you explain database deadlocks?"),
 ("How do I train my cat to use a scratching post?", "How can I get my cat to use a scratching post?"),
 ("What is the greenhouse effect?", "Explain the greenhouse effect."),
 ("How do I write a press release?", "What's the way to write a press release?"),
 ("What is a credit union?", "Can you explain what a credit union is?"),
 ("How do I reduce screen time?", "How can I cut down on screen time?"),
 ("What is the difference between a hurricane and a typhoon?", "How does a hurricane differ from a typhoon?"),
 ("How do I season a wok?", "What's the right way to season a wok?"),
 ("What is a race condition?", "Can you explain race conditions?"),
 ("How do I start journaling?", "How can I begin keeping a journal?"),
 ("What are tectonic plates?", "Can you explain tectonic plates?"),
 ("How do I fix a squeaky door?", "How can I stop a door from squeaking?"),
 ("What is a prenup?", "What is a prenuptial agreement?"),
 ("How do I transfer photos from my phone to my computer?", "How can I move photos from my phone to my computer?"),
 ("What is the trolley problem?", "Explain the trolley problem."),
 ("How do I get wax out of a tablecloth?", "How can I remove candle wax from a tablecloth?"),
 ("What is a bear market?", "Can you explain what a bear market is?"),
 ("How do I convert a video to a GIF?", "How can I turn a video into a GIF?"),
 ("What does a sommelier do?", "What is a sommelier's job?"),
 ("How do I politely decline an invitation?", "What's a polite way to turn down an invitation?"),
 ("What is a haiku's syllable pattern?", "How many syllables does each line of a haiku have?"),
]
for a, b in paraphrases: pos(a, b, "paraphrase")

word_order = [
 ("In Python, what is a decorator?", "What is a decorator in Python?"),
 ("For a beginner runner, how far should I run?", "How far should I run as a beginner runner?"),
 ("On Windows, how do I change the default browser?", "How do I change the default browser on Windows?"),
 ("In poker, what beats a flush?", "What beats a flush in poker?"),
 ("With React, how do I fetch data?", "How do I fetch data with React?"),
 ("In a marathon, how many miles are there?", "How many miles are there in a marathon?"),
 ("During pregnancy, is coffee safe?", "Is coffee safe during pregnancy?"),
 ("In Go, how do I handle errors?", "How do I handle errors in Go?"),
 ("For a wedding, what should a guest wear?", "What should a guest wear for a wedding?"),
 ("On YouTube, how do I turn on captions?", "How do I turn on captions on YouTube?"),
 ("In geometry, what is a rhombus?", "What is a rhombus in geometry?"),
 ("Using Git, how do I undo a rebase?", "How do I undo a rebase using Git?"),
 ("In tennis, how does scoring work?", "How does scoring work in tennis?"),
 ("For a job interview, how early should I arrive?", "How early should I arrive for a job interview?"),
 ("In law, what is a tort?", "What is a tort in law?"),
 ("With Python, how do I send an email?", "How do I send an email with Python?"),
 ("In winter, how do I keep my houseplants alive?", "How do I keep my houseplants alive in winter?"),
 ("On a budget, how do I eat healthy?", "How do I eat healthy on a budget?"),
 ("In linguistics, what is a morpheme?", "What is a morpheme in linguistics?"),
 ("Using Docker, how do I see container logs?", "How do I see container logs using Docker?"),
 ("In genetics, what is a dominant allele?", "What is a dominant allele in genetics?"),
 ("For a long drive, what snacks should I bring?", "What snacks should I bring for a long drive?"),
 ("In Excel, how do I use VLOOKUP?", "How do I use VLOOKUP in Excel?"),
 ("At night, why is my baby fussy?", "Why is my baby fussy at night?"),
 ("In finance, what is liquidity?", "What is liquidity in finance?"),
 ("With npm, how do I update all packages?", "How do I update all packages with npm?"),
 ("In cooking, what does it mean to deglaze?", "What does it mean to deglaze in cooking?"),
 ("On Instagram, how do I archive a post?", "How do I archive a post on Instagram?"),
 ("In physics, what is torque?", "What is torque in physics?"),
 ("For remote workers, what are good productivity tips?", "What are good productivity tips for remote workers?"),
 ("In Swift, what is an optional?", "What is an optional in Swift?"),
 ("After a workout, how long should I stretch?", "How long should I stretch after a workout?"),
 ("In art, what is chiaroscuro?", "What is chiaroscuro in art?"),
 ("With Ansible, how do I run a playbook?", "How do I run a playbook with Ansible?"),
 ("In grammar, what is a dangling modifier?", "What is a dangling modifier in grammar?"),
 ("For a sore throat, what home remedies work?", "What home remedies work for a sore throat?"),
 ("In Redis, what is a sorted set?", "What is a sorted set in Redis?"),
 ("On a plane, how do I avoid jet lag?", "How do I avoid jet lag on a plane?"),
 ("In psychology, what is cognitive dissonance?", "What is cognitive dissonance in psychology?"),
 ("With Maven, how do I skip tests?", "How do I skip tests with Maven?"),
]
for a, b in word_order: pos(a, b, "word_order")

bases = [a for a, _ in paraphrases] + [b for _, b in word_order]

def typo(s, rnd):
    words = s.split(" ")
    idxs = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha() and w.islower()]
    if not idxs: return None
    for i in rnd.sample(idxs, 1 if rnd.random() < 0.6 else min(2, len(idxs))):
        w = list(words[i]); j = rnd.randrange(1, len(w) - 1)
        op = rnd.choice(["drop", "swap", "double", "key"])
        if op == "drop": del w[j]
        elif op == "swap" and j + 1 < len(w): w[j], w[j + 1] = w[j + 1], w[j]
        elif op == "double": w.insert(j, w[j])
        else: w[j] = rnd.choice("etaoinsrhl")
        words[i] = "".join(w)
    return " ".join(words)
rnd = random.Random(4242)
tb = list(bases); rnd.shuffle(tb)
c = 0
for s in tb:
    t = typo(s, rnd)
    if t and t != s:
        pos(s, t, "typo"); c += 1
    if c >= 70: break

polite_pre = ["Hi there! ", "Hello! ", "Pardon me, ", "Can I ask something? ", "Please help: ", "Hey, ",
              "I have a question. ", "Morning! "]
polite_post = [" Thanks so much!", " Thank you in advance.", " Appreciate it!", " Thanks, friend.", " Cheers!",
               " Thank you very much."]
pb = list(bases); rnd.shuffle(pb)
for i, s in enumerate(pb[:70]):
    if i % 2 == 0: t = polite_pre[(i // 2) % len(polite_pre)] + s[0].lower() + s[1:]
    else: t = s + polite_post[(i // 2) % len(polite_post)]
    pos(s, t, "politeness")
cb = list(bases); rnd.shuffle(cb)
for i, s in enumerate(cb[:35]):
    if i % 3 == 0: t = s.upper()
    elif i % 3 == 1: t = s.lower().rstrip("?.!")
    else: t = s + "?"
    pos(s, t, "case_punctuation")

# ---------- must not match ----------
cities = [("Barcelona", "Valencia"), ("Munich", "Hamburg"), ("Osaka", "Kyoto"), ("Chicago", "Boston"),
          ("Toronto", "Montreal"), ("Lyon", "Marseille"), ("Krakow", "Warsaw"), ("Cape Town", "Johannesburg"),
          ("Buenos Aires", "Santiago"), ("Hanoi", "Bangkok")]
ct = ["What is the best time of year to visit {}?", "What are the must-see sights in {}?",
      "How expensive is it to live in {}?", "What is the local food to try in {}?", "How do I get around {} without a car?"]
for t in ct:
    for x, y in cities:
        neg(t.format(x), t.format(y), "entity")
ents = [
 ("What is the plot of The Great Gatsby?", "What is the plot of Of Mice and Men?"),
 ("Who directed Jaws?", "Who directed Alien?"),
 ("What are the main themes of 1984 by George Orwell?", "What are the main themes of Brave New World by Aldous Huxley?"),
 ("What instruments did Mozart play?", "What instruments did Beethoven play?"),
 ("How do I install Homebrew packages on macOS?", "How do I install Chocolatey packages on Windows?"),
 ("What is the melting point of copper?", "What is the melting point of aluminum?"),
 ("How much does a Tesla Model 3 cost?", "How much does a Toyota Prius cost?"),
 ("What did Nikola Tesla invent?", "What did Thomas Edison invent?"),
 ("How do I set up a PostgreSQL replica?", "How do I set up a Cassandra replica?"),
 ("What is the difference between Spotify and Apple Music?", "What is the difference between Netflix and Hulu?"),
 ("What does an orthodontist do?", "What does a dermatologist do?"),
 ("How do I migrate from Jenkins to GitHub Actions?", "How do I migrate from Travis CI to GitLab CI?"),
 ("What is the capital of Vietnam?", "What is the largest city in Vietnam?"),
 ("How many players are on a rugby team?", "How many players are on a cricket team?"),
 ("What is the main export of Chile?", "What is the main import of Chile?"),
]
for a, b in ents: neg(a, b, "entity")

operations = [
 ("How do I enable cookies in Safari?", "How do I clear cookies in Safari?"),
 ("How do I freeze panes in Excel?", "How do I unfreeze panes in Excel?"),
 ("How do I archive emails in Outlook?", "How do I recover deleted emails in Outlook?"),
 ("How do I list files by size in Linux?", "How do I list files by date in Linux?"),
 ("How do I speed up a video?", "How do I slow down a video?"),
 ("How do I tighten a bike chain?", "How do I loosen a bike chain?"),
 ("How do I convert kilograms to pounds?", "How do I convert pounds to kilograms?"),
 ("How do I add a printer in Windows?", "How do I share a printer in Windows?"),
 ("How do I follow someone on Twitter?", "How do I mute someone on Twitter?"),
 ("How do I copy a table in SQL Server?", "How do I rename a table in SQL Server?"),
 ("How do I make a cake moister?", "How do I make a cake fluffier?"),
 ("How do I read environment variables in Node.js?", "How do I set environment variables in Node.js?"),
 ("What is the most populated country in Africa?", "What is the least populated country in Africa?"),
 ("How do I make my hair grow faster?", "How do I make my hair thicker?"),
 ("How do I pin a tab in Firefox?", "How do I close a tab in Firefox?"),
 ("How do I insert a page break in Word?", "How do I remove a page break in Word?"),
 ("How do I concatenate strings in Bash?", "How do I compare strings in Bash?"),
 ("How do I increase my running speed?", "How do I increase my running endurance?"),
 ("How do I share my location on WhatsApp?", "How do I stop sharing my location on WhatsApp?"),
 ("How do I transpose a matrix in NumPy?", "How do I invert a matrix in NumPy?"),
 ("How do I book a flight with miles?", "How do I cancel a flight booked with miles?"),
 ("How do I list indexes in MongoDB?", "How do I drop indexes in MongoDB?"),
 ("How do I paint a room quickly?", "How do I prepare a room for painting?"),
 ("How do I set a default printer on Mac?", "How do I remove a printer on Mac?"),
 ("How do I get more followers on Instagram?", "How do I remove followers on Instagram?"),
 ("What should I do before a hurricane?", "What should I do after a hurricane?"),
 ("How do I make a bed?", "How do I make a bed frame?"),
 ("How do I declare an array in C?", "How do I free an array in C?"),
 ("How do I report a lost credit card?", "How do I activate a new credit card?"),
 ("How do I warm up leftover pizza?", "How do I store leftover pizza?"),
 ("What are the upsides of geothermal energy?", "What are the risks of geothermal energy?"),
 ("How do I clone a repository in git?", "How do I fork a repository on GitHub?"),
 ("How do I start a podcast?", "How do I grow a podcast audience?"),
 ("How do I lengthen a dress?", "How do I hem a dress?"),
 ("How do I check my tire pressure?", "How do I inflate my tires?"),
 ("How do I flatten a nested list in Python?", "How do I nest a flat list in Python?"),
 ("What is the highest-paying job in tech?", "What is the easiest job to get in tech?"),
 ("How do I format a USB drive on Mac?", "How do I eject a USB drive on Mac?"),
 ("How do I accept a meeting invite in Outlook?", "How do I decline a meeting invite in Outlook?"),
 ("How do I rent an apartment?", "How do I sublet an apartment?"),
 ("How do I verify a signature with OpenSSL?", "How do I create a signature with OpenSSL?"),
 ("How do I tune a guitar?", "How do I restring a guitar?"),
 ("How do I memorize the periodic table?", "How do I read the periodic table?"),
 ("How do I raise a puppy?", "How do I rehome a puppy?"),
 ("How do I encode an image to base64 in Python?", "How do I decode a base64 image in Python?"),
]
for a, b in operations: neg(a, b, "operation")

negations = [
 ("Is honey good for a cough?", "Is honey bad for a cough?"),
 ("Why is my laptop fan loud?", "Why is my laptop fan not spinning?"),
 ("What foods are high in iron?", "What foods are low in iron?"),
 ("Which birds can swim?", "Which birds cannot swim?"),
 ("Is it okay to shower after eating?", "Is it not okay to shower after eating?"),
 ("Why does my sourdough rise?", "Why doesn't my sourdough rise?"),
 ("Which programming languages are statically typed?", "Which programming languages are not statically typed?"),
 ("Does vitamin C prevent colds?", "Does vitamin C not prevent colds?"),
 ("Can I drink tap water in Mexico?", "Why can't I drink tap water in Mexico?"),
 ("Which plants need full sun?", "Which plants need no sun?"),
 ("Is it possible to be allergic to water?", "Is it impossible to be allergic to water?"),
 ("Why is my Wi-Fi connected?", "Why is my Wi-Fi not connected?"),
 ("What happens if I take ibuprofen with food?", "What happens if I take ibuprofen without food?"),
 ("Which cheeses are pasteurized?", "Which cheeses are unpasteurized?"),
 ("Is the Great Wall of China visible from space?", "Is the Great Wall of China invisible from space?"),
 ("Why is my email being delivered?", "Why is my email never delivered?"),
 ("What are healthy fats?", "What are unhealthy fats?"),
 ("Which countries require a visa for US citizens?", "Which countries do not require a visa for US citizens?"),
 ("Should I stretch before lifting weights?", "Should I not stretch before lifting weights?"),
 ("Is my tax refund taxable?", "Is my tax refund nontaxable?"),
 ("Why do some people like cilantro?", "Why do some people dislike cilantro?"),
 ("Which gemstones are magnetic?", "Which gemstones are not magnetic?"),
 ("Is this code thread-safe?", "Is this code not thread-safe?"),
 ("Why are my tomatoes ripening?", "Why are my tomatoes not ripening?"),
 ("What jobs require a degree?", "What jobs don't require a degree?"),
 ("Does my warranty cover water damage?", "Does my warranty not cover water damage?"),
 ("Which animals are nocturnal?", "Which animals are not nocturnal?"),
 ("Is it polite to tip in Australia?", "Is it impolite to tip in Australia?"),
 ("Why does my app crash on startup?", "Why does my app never crash on startup?"),
 ("Which fonts are readable for dyslexia?", "Which fonts are unreadable for dyslexia?"),
 ("Are eggs dairy?", "Are eggs not dairy?"),
 ("Why is my cat friendly?", "Why is my cat unfriendly?"),
 ("Which foods are safe for dogs?", "Which foods are unsafe for dogs?"),
 ("Is it healthy to skip breakfast?", "Is it unhealthy to skip breakfast?"),
 ("Should I list hobbies on my CV?", "Should I never list hobbies on my CV?"),
 ("Why is the build reproducible?", "Why is the build not reproducible?"),
 ("Do whales have teeth?", "Do whales have no teeth?"),
 ("Which fish are sustainable to eat?", "Which fish are unsustainable to eat?"),
 ("Is this email a phishing attempt?", "Is this email not a phishing attempt?"),
 ("Which vaccines are required for school?", "Which vaccines are not required for school?"),
]
for a, b in negations: neg(a, b, "negation")

numbers = [
 ("What is 12 squared?", "What is 13 squared?"),
 ("How many calories should I eat to lose 1 pound a week?", "How many calories should I eat to lose 2 pounds a week?"),
 ("Write a 100-word summary of the article.", "Write a 500-word summary of the article."),
 ("What happened in 1969?", "What happened in 1989?"),
 ("How do I cook a steak to 130 degrees?", "How do I cook a steak to 160 degrees?"),
 ("What is 3/4 as a percentage?", "What is 3/5 as a percentage?"),
 ("Explain Python 2 string handling.", "Explain Python 3 string handling."),
 ("What is the speed limit on highways in Germany for trucks over 7.5 tons?", "What is the speed limit on highways in Germany for trucks over 3.5 tons?"),
 ("Plan a 3-day trip to Rome.", "Plan a 7-day trip to Rome."),
 ("How much is 50 euros in dollars?", "How much is 500 euros in dollars?"),
 ("What does error code 0x80070005 mean?", "What does error code 0x80070057 mean?"),
 ("Give me a workout plan for 4 days a week.", "Give me a workout plan for 6 days a week."),
 ("What is the capital gains tax rate for income of 40,000?", "What is the capital gains tax rate for income of 400,000?"),
 ("Is a 700 credit score good?", "Is a 600 credit score good?"),
 ("How long does it take to walk 5 kilometers?", "How long does it take to walk 15 kilometers?"),
 ("What was the Super Bowl score in 2020?", "What was the Super Bowl score in 2023?"),
 ("What is the binary representation of 10?", "What is the binary representation of 12?"),
 ("How many grams of protein are in 100 grams of chicken?", "How many grams of protein are in 200 grams of chicken?"),
 ("Summarize the first 2 chapters.", "Summarize the first 5 chapters."),
 ("What is the 5th amendment?", "What is the 2nd amendment?"),
]
for a, b in numbers: neg(a, b, "number")
nt = ["What is {} squared plus {}?", "How many minutes are in {} days?", "Convert {} Fahrenheit to Celsius.",
      "What is {} percent of {} dollars?", "How long to cook a {} pound turkey at {} degrees?",
      "What is the perimeter of a square with side {}?"]
r2 = random.Random(99)
for t in nt:
    for _ in range(5):
        a1, b1 = r2.randint(3, 400), r2.randint(2, 350)
        a2 = a1 + r2.choice([1, 3, 5, 20, 60])
        if t.count("{}") == 1: neg(t.format(a1), t.format(a2), "number")
        else: neg(t.format(a1, b1), t.format(a2, b1), "number")

languages = [
 ("How do I change a car battery?", "Wie wechsle ich eine Autobatterie?"),
 ("What is the tallest waterfall in the world?", "¿Cuál es la cascada más alta del mundo?"),
 ("Write a limerick about a frog.", "Écris un limerick sur une grenouille."),
 ("How do I make risotto?", "Come si fa il risotto?"),
 ("What are the symptoms of the flu?", "Quais são os sintomas da gripe?"),
 ("Explain the theory of relativity simply.", "Объясни теорию относительности простыми словами."),
 ("How do I learn calligraphy?", "Hoe leer ik kalligrafie?"),
 ("What is the best way to learn to code?", "Jaki jest najlepszy sposób na naukę programowania?"),
 ("Tell me a fun fact about octopuses.", "Erzähl mir eine lustige Tatsache über Kraken."),
 ("What is the meaning of the word serendipity?", "Qual è il significato della parola serendipità?"),
 ("How do I greet someone in Korean?", "한국어로 어떻게 인사하나요?"),
 ("How do I make green tea properly?", "绿茶怎么泡才正确？"),
 ("What is a good gift for a coworker?", "¿Qué es un buen regalo para un compañero de trabajo?"),
 ("How do I relieve a headache?", "Comment soulager un mal de tête ?"),
 ("What is the history of the Louvre?", "Quelle est l'histoire du Louvre ?"),
 ("How do I train for a 10K?", "Wie trainiere ich für einen 10-km-Lauf?"),
 ("What is the difference between a lake and a pond?", "Qual é a diferença entre um lago e uma lagoa?"),
 ("Write a short story about a robot.", "Напиши короткий рассказ о роботе."),
 ("How do I keep my houseplants healthy?", "Hoe houd ik mijn kamerplanten gezond?"),
 ("Describe the water cycle.", "Descrivi il ciclo dell'acqua."),
 ("How do I write a formal email?", "Jak napisać formalnego e-maila?"),
 ("What are the benefits of yoga?", "ヨガの効果は何ですか？"),
 ("How do volcanoes form?", "¿Cómo se forman los volcanes?"),
 ("What is the best cheese for pizza?", "Quel est le meilleur fromage pour la pizza ?"),
 ("How do I improve my memory?", "Wie kann ich mein Gedächtnis verbessern?"),
 ("Give me ideas for a rainy day.", "Dammi idee per una giornata di pioggia."),
 ("How do I become a better listener?", "Como posso me tornar um ouvinte melhor?"),
 ("What is the largest animal on Earth?", "Какое самое большое животное на Земле?"),
 ("Explain supply and demand.", "Leg vraag en aanbod uit."),
 ("How do I file my taxes?", "¿Cómo presento mis impuestos?"),
 ("What is a healthy breakfast?", "Co to jest zdrowe śniadanie?"),
 ("Write a haiku about the sea.", "Schreibe ein Haiku über das Meer."),
 ("How do I get rid of hiccups?", "Comment faire passer le hoquet ?"),
 ("What is the national animal of Peru?", "Qual è l'animale nazionale del Perù?"),
 ("How do I learn to draw faces?", "Como aprendo a desenhar rostos?"),
 ("What is climate change?", "气候变化是什么？"),
 ("Recommend a movie for tonight.", "Порекомендуй фильм на вечер."),
 ("How do I stop overthinking?", "Hoe stop ik met piekeren?"),
 ("What is the speed of a cheetah?", "¿Qué velocidad alcanza un guepardo?"),
 ("How do I plan a wedding?", "Wie plane ich eine Hochzeit?"),
]
for a, b in languages: neg(a, b, "language")

code = [
 ("What does `git log --oneline` show?", "What does `git log --stat` show?"),
 ("What is the output of: print(7 // 2)", "What is the output of: print(7 % 2)"),
 ("What does `docker compose up -d` do?", "What does `docker compose down -v` do?"),
 ("Explain: UPDATE orders SET status = 'shipped' WHERE id = 5", "Explain: UPDATE orders SET status = 'shipped'"),
 ("What does `find . -name '*.log' -delete` do?", "What does `find . -name '*.log' -print` do?"),
 ("What is the output of: print('a' * 3)", "What is the output of: print('a' + '3')"),
 ("Explain: arr.map(x => x * 2)", "Explain: arr.filter(x => x * 2)"),
 ("What does `chmod +x deploy.sh` do?", "What does `chmod -x deploy.sh` do?"),
 ("Is this valid Python? print(f'{name}')", "Is this valid Python? print('{name}')"),
 ("What does `pkill -HUP nginx` do?", "What does `pkill -TERM nginx` do?"),
 ("Explain: SELECT DISTINCT city FROM customers", "Explain: SELECT city FROM customers"),
 ("What is the output of: console.log(typeof null)", "What is the output of: console.log(typeof undefined)"),
 ("What does `pip freeze > requirements.txt` do?", "What does `pip install -r requirements.txt` do?"),
 ("Explain: while (i-- > 0)", "Explain: while (--i > 0)"),
 ("What does `git commit --amend` do?", "What does `git commit --fixup` do?"),
 ("What is the output of: print(sorted([3, 1, 2], reverse=True))", "What is the output of: print(sorted([3, 1, 2]))"),
 ("Explain: x = y is None", "Explain: x = y is not None"),
 ("What does `npm ci` do?", "What does `npm i` do?"),
 ("What is the output of: print(list(range(3)))", "What is the output of: print(list(range(1, 3)))"),
 ("Explain: int *p = &x;", "Explain: int p = x;"),
 ("What does `ps aux | grep java` do?", "What does `ps aux | grep -c java` do?"),
 ("Explain: ALTER TABLE users ADD COLUMN age INT", "Explain: ALTER TABLE users DROP COLUMN age"),
 ("What is the output of: print('Hello'[::-1])", "What is the output of: print('Hello'[::2])"),
 ("What does `ssh-keygen -t ed25519` do?", "What does `ssh-keygen -t rsa` do?"),
 ("Explain: a = b ? c : d", "Explain: a = b ?: d"),
 ("What does `du -sh *` show?", "What does `df -h` show?"),
 ("What is the output of: print(type(1.0))", "What is the output of: print(type(1))"),
 ("Explain: let mut v = Vec::new();", "Explain: let v = Vec::new();"),
 ("What does `git diff --cached` show?", "What does `git diff HEAD` show?"),
 ("Explain: @Override public String toString()", "Explain: @Deprecated public String toString()"),
 ("What is the output of: print(0 or 'x')", "What is the output of: print(0 and 'x')"),
 ("What does `tar -xzf app.tar.gz` do?", "What does `tar -czf app.tar.gz app` do?"),
 ("Explain: Optional.of(x)", "Explain: Optional.ofNullable(x)"),
 ("What does `curl -L example.com` do?", "What does `curl -O example.com` do?"),
 ("What is the output of: print(abs(-7))", "What is the output of: print(-abs(7))"),
 ("Explain: try { f(); } finally { g(); }", "Explain: try { f(); } catch (e) { g(); }"),
 ("What does `sed -i 's/a/b/' file` do?", "What does `sed 's/a/b/g' file` do?"),
 ("What is the output of: print(1 == 1.0)", "What is the output of: print(1 is 1.0)"),
 ("Explain: export default function App()", "Explain: export function App()"),
 ("What does `kubectl scale deploy web --replicas=3` do?", "What does `kubectl scale deploy web --replicas=0` do?"),
]
for a, b in code: neg(a, b, "code")

topic = [
 ("How do I care for a goldfish?", "How do I care for a hamster?"),
 ("What do sea turtles eat?", "What do jellyfish eat?"),
 ("How do I make French toast?", "How do I make French onion soup?"),
 ("What are the rules of badminton?", "What are the rules of table tennis?"),
 ("How do I learn to play the violin?", "How do I learn to play the drums?"),
 ("What are the side effects of melatonin?", "What are the side effects of caffeine?"),
 ("How do I grow basil indoors?", "How do I grow strawberries indoors?"),
 ("What is the history of jazz?", "What is the history of hip hop?"),
 ("How is glass made?", "How is paper made?"),
 ("What are good exercises for the core?", "What are good exercises for the calves?"),
 ("How do I become a firefighter?", "How do I become an electrician?"),
 ("What is the lifespan of a parrot?", "What is the lifespan of a tortoise?"),
 ("How do I clean a wool rug?", "How do I clean a marble countertop?"),
 ("What is a ballad?", "What is an ode?"),
 ("How does a heat pump work?", "How does a dishwasher work?"),
 ("What are the best hikes in Colorado?", "What are the best hikes in Utah?"),
 ("How do I knit a hat?", "How do I crochet a blanket?"),
 ("What causes migraines?", "What causes nosebleeds?"),
 ("How do I photograph the Milky Way?", "How do I photograph fireworks?"),
 ("What is the origin of Halloween?", "What is the origin of Valentine's Day?"),
]
for a, b in topic: neg(a, b, "topic")

pos_n = sum(1 for p in pairs if p["match"]); neg_n = len(pairs) - pos_n
print(pos_n, neg_n)
with open("src/test/resources/semantic/blind.jsonl", "w") as f:
    for p in pairs: f.write(json.dumps(p, ensure_ascii=False) + "\n")
