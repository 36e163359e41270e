# Writes heldout.jsonl: the semantic cache's HELD-OUT evaluation set. Written for this project after the default
# threshold and the exact guards were chosen on eval.jsonl, on other topics and with other wordings (no sentence of
# eval.jsonl). Never used to choose the threshold. Measured once with the first increment's guards: precision 92.9 %,
# recall 59.7 % at 0.92 (14 false hits: code with one token changed, one swapped word such as on/off, up/down). Two
# general guard rules were then added looking at those false hits (the one swapped word; code tokens compared
# exactly), so this set is no longer blind: blind.jsonl, written after that change and measured once, is.
# SemanticEvalTest reports every set and asserts precision >= 99 % on each at the default threshold.
# Hand-written pairs, plus typo, politeness and case variants of the hand-written questions made with fixed seeds
# (other seeds, other typo operations and other polite phrases than gen_eval.py).
# Run from the repository root: python3 src/test/resources/semantic/gen_heldout.py
import json, random
pairs = []
def pos(a, b, kind): pairs.append({"a": a, "b": b, "match": True, "kind": kind})
def neg(a, b, kind): pairs.append({"a": a, "b": b, "match": False, "kind": kind})

# ---------- should match ----------
paraphrases = [
 ("How do I delete a branch in git?", "What's the command to remove a git branch?"),
 ("What is the difference between a process and a thread?", "How is a thread different from a process?"),
 ("What can I do about high triglycerides?", "How do I bring down high triglyceride levels?"),
 ("Who discovered penicillin?", "Which scientist discovered penicillin?"),
 ("How long do I poach salmon?", "For how many minutes should salmon be poached?"),
 ("What is a mortgage?", "Can you explain what a mortgage is?"),
 ("How do I take a screenshot on Windows?", "What's the way to capture a screenshot in Windows?"),
 ("Why are flamingos pink?", "What gives flamingos their pink color?"),
 ("How do I find the length of an array in JavaScript?", "How can I get a JavaScript array's length?"),
 ("What are the main causes of soil erosion?", "What mainly causes soil erosion?"),
 ("How do I write a eulogy?", "How should I go about writing a eulogy?"),
 ("What does a project manager do?", "What is the job of a project manager?"),
 ("How do noise-cancelling headphones work?", "Explain how noise-cancelling headphones work."),
 ("What is the best way to memorize a speech?", "What's the most effective way to memorize a speech?"),
 ("How do I make an alias in zsh?", "How can I define a shell alias in zsh?"),
 ("What is the population of Nairobi?", "How many people live in Nairobi?"),
 ("How do I change a flat tire?", "What are the steps to change a flat tire?"),
 ("What is reinforcement learning?", "Can you explain what reinforcement learning is?"),
 ("How do I check which version of Python I have?", "How can I see my installed Python version?"),
 ("What is the function of the pancreas?", "What does the pancreas do?"),
 ("How do I get rid of fruit flies in my kitchen?", "How can I eliminate fruit flies from my kitchen?"),
 ("Who painted the ceiling of the Sistine Chapel?", "Who was the painter of the Sistine Chapel ceiling?"),
 ("What is a webhook?", "Can you explain what a webhook is?"),
 ("How do I improve my credit score?", "What can I do to raise my credit score?"),
 ("What are the rules of chess?", "How do you play chess?"),
 ("How do I kill a process that uses port 8080?", "How can I stop the process listening on port 8080?"),
 ("What is the meaning of the word ubiquitous?", "What does ubiquitous mean?"),
 ("How do I descale a kettle?", "What's the right way to remove limescale from a kettle?"),
 ("What is the GDP of Indonesia?", "How big is Indonesia's GDP?"),
 ("How do I make my website load faster?", "How can I speed up my website's loading time?"),
 ("What is dependency injection?", "Can you explain dependency injection?"),
 ("How many bones are in the human body?", "How many bones does a human body have?"),
 ("How do I prune a rose bush?", "What's the way to prune rose bushes?"),
 ("What is the difference between weather and climate?", "How does climate differ from weather?"),
 ("How do I list outdated packages with pip?", "How can I see which pip packages are outdated?"),
 ("What is the stock market?", "Can you explain what the stock market is?"),
 ("How can I stop procrastinating?", "What can I do to stop procrastinating?"),
 ("What year did the Berlin Wall fall?", "When did the Berlin Wall come down?"),
 ("How do I add a column to a table in PostgreSQL?", "How can I add a new column to a PostgreSQL table?"),
 ("What are the benefits of meditation?", "What good does meditation do?"),
 ("How do I pad a string with zeros in Java?", "How can I left-pad a Java String with zeros?"),
 ("What is the largest desert in the world?", "Which desert is the biggest on the planet?"),
 ("How do I write unit tests in Go?", "How should I write unit tests for Go code?"),
 ("What is an index fund?", "Can you explain index funds?"),
 ("How does a refrigerator keep food cold?", "How does a fridge keep food cold?"),
 ("What is the time complexity of heapsort?", "How fast is heapsort in big-O terms?"),
 ("How do I pair Bluetooth headphones with my laptop?", "How can I connect Bluetooth headphones to my laptop?"),
 ("What is the difference between affect and effect?", "How do affect and effect differ?"),
 ("How do I train for a marathon?", "How should I prepare for running a marathon?"),
 ("What is Kubernetes?", "Can you explain what Kubernetes is?"),
 ("How do I make a pivot table in Excel?", "How can I create a pivot table in Excel?"),
 ("Why do cats purr?", "What is the reason cats purr?"),
 ("How do I resolve a merge conflict in git?", "How can I fix a git merge conflict?"),
 ("What is the ozone layer?", "Can you explain what the ozone layer is?"),
 ("How do I grow tomatoes on a balcony?", "How can I grow tomatoes on my balcony?"),
 ("What is a JWT?", "What is a JSON Web Token?"),
 ("How do I negotiate a higher salary?", "How can I ask for a better salary?"),
 ("What is the smallest planet in the solar system?", "Which planet in our solar system is the smallest?"),
 ("How do I use a regular expression to match an email address?", "What regex matches an email address?"),
 ("What is the role of mitochondria in a cell?", "What do mitochondria do in a cell?"),
 ("How do I back up my Obsidian vault?", "What's the way to make a backup of my Obsidian vault?"),
 ("What is a recession?", "Can you explain what a recession is?"),
 ("How do I read a CSV file with pandas?", "How can I load a CSV file using pandas?"),
 ("What is the plot of Moby Dick?", "What happens in Moby Dick?"),
 ("How do I remove a wine stain from a carpet?", "How can I get a red wine stain out of carpet?"),
 ("What is a load balancer?", "Can you explain what a load balancer does?"),
 ("How do I calculate a tip at a restaurant?", "What is the way to work out a restaurant tip?"),
 ("What is the capital of Mongolia?", "Which city is Mongolia's capital?"),
 ("How do I sleep better at night?", "How can I get better sleep at night?"),
 ("What is TLS?", "Can you explain what TLS is?"),
 ("How do I write a haiku?", "What's the way to compose a haiku?"),
 ("How do I export a table from MySQL?", "How can I dump a MySQL table?"),
 ("What is the boiling point of ethanol?", "At what temperature does ethanol boil?"),
 ("How do I apologize to a friend?", "What's a good way to say sorry to a friend?"),
 ("What is object-oriented programming?", "Can you explain object-oriented programming?"),
 ("How do I start a vegetable garden?", "How should I begin a vegetable garden?"),
 ("What is the Great Barrier Reef?", "Tell me what the Great Barrier Reef is."),
 ("How do I make cold brew coffee?", "What's the method for making cold brew coffee?"),
 ("What is a hash function?", "Can you explain hash functions?"),
 ("How do I keep my dog calm during fireworks?", "How can I calm my dog when there are fireworks?"),
 ("What is the speed of sound?", "How fast does sound travel?"),
 ("How do I create a new React app?", "How can I set up a new React application?"),
 ("What caused the First World War?", "What were the causes of World War I?"),
 ("How do I rotate a PDF?", "How can I rotate the pages of a PDF?"),
 ("What is a neural network?", "Explain what a neural network is."),
 ("How do I freeze fresh basil?", "What's the best way to freeze fresh basil?"),
 ("What is the half-life of carbon-14?", "How long is the half-life of carbon-14?"),
 ("How do I write a good README?", "What makes a good README and how do I write one?"),
 ("What is the tallest building in the world?", "Which building in the world is the tallest?"),
 ("How do I measure my body fat percentage?", "How can I find out my body fat percentage?"),
]
for a, b in paraphrases: pos(a, b, "paraphrase")

word_order = [
 ("In Rust, how do I read a line from stdin?", "How do I read a line from stdin in Rust?"),
 ("For a beginner, what is a good first programming language?", "What is a good first programming language for a beginner?"),
 ("On a Mac, how do I show hidden files?", "How do I show hidden files on a Mac?"),
 ("With Docker Compose, how do I restart one service?", "How do I restart one service with Docker Compose?"),
 ("At room temperature, how long does cooked rice stay safe?", "How long does cooked rice stay safe at room temperature?"),
 ("In SQL, what does a LEFT JOIN return?", "What does a LEFT JOIN return in SQL?"),
 ("When traveling abroad, how do I avoid roaming charges?", "How do I avoid roaming charges when traveling abroad?"),
 ("Using curl, how do I send a POST request?", "How do I send a POST request using curl?"),
 ("In photography, what is the rule of thirds?", "What is the rule of thirds in photography?"),
 ("For a small apartment, which houseplants are easy to care for?", "Which houseplants are easy to care for in a small apartment?"),
 ("In TypeScript, what is a union type?", "What is a union type in TypeScript?"),
 ("During a job interview, how should I answer the weakness question?", "How should I answer the weakness question during a job interview?"),
 ("In Kubernetes, what is a pod?", "What is a pod in Kubernetes?"),
 ("For dinner tonight, what can I cook with chickpeas?", "What can I cook with chickpeas for dinner tonight?"),
 ("In statistics, what is a confidence interval?", "What is a confidence interval in statistics?"),
 ("With pandas, how do I drop rows that have missing values?", "How do I drop rows that have missing values with pandas?"),
 ("In the evening, why do I feel more anxious?", "Why do I feel more anxious in the evening?"),
 ("On Linux, how do I see which process uses the most memory?", "How do I see which process uses the most memory on Linux?"),
 ("In economics, what is opportunity cost?", "What is opportunity cost in economics?"),
 ("Before a long flight, what should I pack in my carry-on?", "What should I pack in my carry-on before a long flight?"),
 ("In Java, what is a record class?", "What is a record class in Java?"),
 ("For a first date, what are good conversation topics?", "What are good conversation topics for a first date?"),
 ("In chemistry, what is a catalyst?", "What is a catalyst in chemistry?"),
 ("With Vim, how do I search and replace?", "How do I search and replace with Vim?"),
 ("In music theory, what is a minor chord?", "What is a minor chord in music theory?"),
 ("On Android, how do I clear an app's cache?", "How do I clear an app's cache on Android?"),
 ("In a resume, how long should the summary be?", "How long should the summary be in a resume?"),
 ("Using Git, how do I see the history of one file?", "How do I see the history of one file using Git?"),
 ("In biology, what is osmosis?", "What is osmosis in biology?"),
 ("For a toddler, what are healthy snacks?", "What are healthy snacks for a toddler?"),
 ("In CSS, what does flex-grow do?", "What does flex-grow do in CSS?"),
 ("At a restaurant in Japan, is tipping expected?", "Is tipping expected at a restaurant in Japan?"),
 ("In accounting, what is depreciation?", "What is depreciation in accounting?"),
 ("With Terraform, how do I import an existing resource?", "How do I import an existing resource with Terraform?"),
 ("In philosophy, what is utilitarianism?", "What is utilitarianism in philosophy?"),
 ("For back pain, which stretches help?", "Which stretches help for back pain?"),
 ("In networking, what is a subnet mask?", "What is a subnet mask in networking?"),
 ("Using Excel, how do I remove duplicate rows?", "How do I remove duplicate rows using Excel?"),
 ("In astronomy, what is a light year?", "What is a light year in astronomy?"),
 ("When baking bread, why does the dough need to rise?", "Why does the dough need to rise when baking bread?"),
]
for a, b in word_order: pos(a, b, "word_order")

bases = [a for a, _ in paraphrases] + [b for _, b in word_order]

# Realistic slips: a neighbouring key, a missing letter, two letters swapped, a doubled letter.
KEYS = "qwertyuiop asdfghjkl zxcvbnm"
def neighbour(c, rnd):
    rows = KEYS.split(" ")
    for r in rows:
        i = r.find(c)
        if i >= 0:
            choices = [r[j] for j in (i - 1, i + 1) if 0 <= j < len(r)]
            return rnd.choice(choices)
    return c
def typo(s, rnd):
    words = s.split(" ")
    idxs = [i for i, w in enumerate(words) if len(w) > 3 and w.isalpha() and w.islower()]
    if not idxs: return None
    n = 1 if rnd.random() < 0.5 else 2
    for i in rnd.sample(idxs, min(n, len(idxs))):
        w = list(words[i]); j = rnd.randrange(1, len(w) - 1)
        op = rnd.choice(["key", "drop", "swap", "double"])
        if op == "key": w[j] = neighbour(w[j], rnd)
        elif op == "drop": del w[j]
        elif op == "swap" and j + 1 < len(w): w[j], w[j + 1] = w[j + 1], w[j]
        else: w.insert(j, w[j])
        words[i] = "".join(w)
    return " ".join(words)
rnd = random.Random(2026)
tb = list(bases); rnd.shuffle(tb)
c = 0
for s in tb:
    t = typo(s, rnd)
    if t and t != s:
        pos(s, t, "typo"); c += 1
    if c >= 70: break

polite_pre = ["Good morning! ", "Sorry to bother you, but ", "If you don't mind, ", "Quick one: ", "Dear assistant, ",
              "I'd love your help. ", "Hope you're well. ", "Would you kindly tell me: "]
polite_post = [" Many thanks.", " Thank you!", " Much appreciated.", " Thanks a lot!", " Thank you kindly.",
               " Grateful for any help."]
pb = list(bases); rnd.shuffle(pb)
for i, s in enumerate(pb[:70]):
    if i % 2 == 0: t = polite_pre[(i // 2) % len(polite_pre)] + s[0].lower() + s[1:]
    else: t = s + polite_post[(i // 2) % len(polite_post)]
    pos(s, t, "politeness")
cb = list(bases); rnd.shuffle(cb)
for i, s in enumerate(cb[:35]):
    if i % 3 == 0: t = s.lower()
    elif i % 3 == 1: t = s.rstrip("?.!")
    else: t = s.rstrip("?.!") + "?!"
    pos(s, t, "case_punctuation")

# ---------- must not match ----------
entities = [("Italy", "Spain"), ("Vietnam", "Thailand"), ("Nigeria", "Ghana"), ("Ireland", "Scotland"),
            ("Colombia", "Venezuela"), ("Turkey", "Iran"), ("Finland", "Denmark"), ("Morocco", "Algeria"),
            ("South Korea", "North Korea"), ("Belgium", "the Netherlands")]
etempl = ["What is the official language of {}?", "What is the highest mountain in {}?",
          "What time zone is {} in?", "Who is the head of state of {}?", "What is the climate like in {}?"]
for t in etempl:
    for x, y in entities:
        neg(t.format(x), t.format(y), "entity")
things = [
 ("Who wrote The Old Man and the Sea?", "Who wrote The Catcher in the Rye?"),
 ("When was Albert Einstein born?", "When was Isaac Newton born?"),
 ("What did Marie Curie discover?", "What did Alexander Fleming discover?"),
 ("How tall is the Eiffel Tower?", "How tall is the Statue of Liberty?"),
 ("What is the population of Lagos?", "What is the population of Cairo?"),
 ("How do I install PostgreSQL on Windows?", "How do I install MongoDB on Windows?"),
 ("How do I deploy a Flask app to Heroku?", "How do I deploy a Django app to Heroku?"),
 ("What are the lyrics of Yesterday by the Beatles?", "What are the lyrics of Imagine by John Lennon?"),
 ("Who won the 2018 FIFA World Cup?", "Who won the 2014 FIFA World Cup?"),
 ("How many moons does Jupiter have?", "How many moons does Saturn have?"),
 ("What is the atomic number of gold?", "What is the atomic number of silver?"),
 ("How do I write a for loop in Bash?", "How do I write a for loop in PowerShell?"),
 ("What is the release date of Windows 11?", "What is the release date of macOS Sonoma?"),
 ("How long does the train from Paris to Lyon take?", "How long does the train from Paris to Marseille take?"),
 ("What is the main ingredient in hummus?", "What is the main ingredient in guacamole?"),
]
for a, b in things: neg(a, b, "entity")

operations = [
 ("How do I compress a folder on Windows?", "How do I unzip a folder on Windows?"),
 ("How do I convert a PDF to Word?", "How do I convert a Word document to PDF?"),
 ("How do I squash commits in git?", "How do I cherry-pick commits in git?"),
 ("How do I round a number up in Excel?", "How do I round a number down in Excel?"),
 ("How do I lose weight quickly?", "How do I gain weight quickly?"),
 ("How do I join a Discord server?", "How do I leave a Discord server?"),
 ("How do I turn on dark mode in Chrome?", "How do I turn off dark mode in Chrome?"),
 ("How do I add a user to a Linux group?", "How do I remove a user from a Linux group?"),
 ("How do I subscribe to a YouTube channel?", "How do I unsubscribe from a YouTube channel?"),
 ("How do I sign a commit with SSH?", "How do I verify a commit with SSH?"),
 ("How do I convert JSON to YAML?", "How do I convert YAML to JSON?"),
 ("What are the causes of inflation?", "What are the effects of inflation?"),
 ("How do I group a list of tuples by the first element in Python?", "How do I group a list of tuples by the last element in Python?"),
 ("How do I mount a drive in Linux?", "How do I unmount a drive in Linux?"),
 ("How do I change the terminal font in VS Code?", "How do I change the editor theme in VS Code?"),
 ("How do I upgrade npm?", "How do I downgrade npm?"),
 ("How do I raise my blood pressure?", "How do I lower my blood pressure?"),
 ("How do I hide a column in Google Sheets?", "How do I freeze a column in Google Sheets?"),
 ("How do I find the maximum of a list in Python?", "How do I find the sum of a list in Python?"),
 ("How do I pause a Windows update?", "How do I force a Windows update?"),
 ("How do I create a tag in git?", "How do I push a tag in git?"),
 ("How do I import contacts into Gmail?", "How do I export contacts from Gmail?"),
 ("What foods should I eat when pregnant?", "What foods should I avoid when pregnant?"),
 ("How do I block a number on my iPhone?", "How do I unblock a number on my iPhone?"),
 ("How do I convert inches to centimeters?", "How do I convert centimeters to inches?"),
 ("How do I enlarge an image without losing quality?", "How do I shrink an image without losing quality?"),
 ("How do I start a conversation with a stranger?", "How do I end a conversation with a stranger?"),
 ("How do I filter rows in a pandas DataFrame?", "How do I group rows in a pandas DataFrame?"),
 ("How do I warm up before running?", "How do I cool down after running?"),
 ("How do I hire a good lawyer?", "How do I fire my lawyer?"),
 ("How do I write to a file in Go?", "How do I read from a file in Go?"),
 ("How do I make my code run faster?", "How do I make my code easier to read?"),
 ("What is the fastest land animal?", "What is the slowest land animal?"),
 ("How do I shorten a URL?", "How do I expand a shortened URL?"),
 ("How do I count words in a string in Java?", "How do I count vowels in a string in Java?"),
 ("How do I sharpen a kitchen knife?", "How do I store a kitchen knife?"),
 ("How do I expand all folders in VS Code?", "How do I collapse all folders in VS Code?"),
 ("What are the symptoms of a cold?", "What are the treatments for a cold?"),
 ("How do I thaw frozen chicken safely?", "How do I freeze raw chicken safely?"),
 ("How do I connect to a Wi-Fi network on Linux?", "How do I forget a Wi-Fi network on Linux?"),
 ("How do I find the median of an array?", "How do I find the mode of an array?"),
 ("How do I encode a URL in JavaScript?", "How do I parse a URL in JavaScript?"),
 ("What is the longest river in Africa?", "What is the shortest river in Africa?"),
 ("How do I grant privileges to a user in MySQL?", "How do I revoke privileges from a user in MySQL?"),
 ("How do I write a letter of recommendation?", "How do I ask for a letter of recommendation?"),
]
for a, b in operations: neg(a, b, "operation")

negations = [
 ("Is it safe to eat raw cookie dough?", "Is it not safe to eat raw cookie dough?"),
 ("Why does my code compile?", "Why doesn't my code compile?"),
 ("Which foods contain gluten?", "Which foods contain no gluten?"),
 ("Why can penguins fly?", "Why can't penguins fly?"),
 ("List countries that use the euro.", "List countries that do not use the euro."),
 ("What happens if I pay my credit card bill on time?", "What happens if I never pay my credit card bill?"),
 ("Should I water succulents every day?", "Should I not water succulents every day?"),
 ("Which apps work offline?", "Which apps don't work offline?"),
 ("Write a sentence with a verb.", "Write a sentence without a verb."),
 ("Is a tomato a vegetable?", "Is a tomato not a vegetable?"),
 ("What animals are mammals?", "What animals are not mammals?"),
 ("Why is my phone charging?", "Why is my phone not charging?"),
 ("How do I run a script with sudo?", "How do I run a script without sudo?"),
 ("Which vitamins are fat soluble?", "Which vitamins are not fat soluble?"),
 ("Does the moon have gravity?", "Does the moon have no gravity?"),
 ("Why did the printer print the page?", "Why didn't the printer print the page?"),
 ("What are words that rhyme with orange?", "What are words that never rhyme with orange?"),
 ("Can dogs eat grapes?", "Can't dogs eat grapes?"),
 ("Which berries are edible?", "Which berries are inedible?"),
 ("Explain why this function is pure.", "Explain why this function is impure."),
 ("Is this sentence grammatical?", "Is this sentence ungrammatical?"),
 ("Why is the service available?", "Why is the service unavailable?"),
 ("Which numbers are rational?", "Which numbers are irrational?"),
 ("What makes an argument logical?", "What makes an argument illogical?"),
 ("Is this contract enforceable?", "Is this contract unenforceable?"),
 ("How do I make a friendly reply?", "How do I make an unfriendly reply?"),
 ("Give me an example of a regular verb.", "Give me an example of an irregular verb."),
 ("Why is the regex matching?", "Why is the regex not matching?"),
 ("Tell me about people who always tell the truth.", "Tell me about people who never tell the truth."),
 ("Which planets have rings?", "Which planets have no rings?"),
 ("Is it legal to record a phone call?", "Is it illegal to record a phone call?"),
 ("What do I do if the test passes?", "What do I do if the test doesn't pass?"),
 ("Which countries have a monarchy?", "Which countries have no monarchy?"),
 ("My cat is eating. Should I worry?", "My cat is not eating. Should I worry?"),
 ("Why does the car start in the cold?", "Why won't the car start in the cold?"),
 ("List sports that use a ball.", "List sports that don't use a ball."),
 ("Is coffee good for you?", "Is coffee not good for you?"),
 ("Which fruits are sweet?", "Which fruits are not sweet?"),
 ("Why is my website indexed by Google?", "Why is my website not indexed by Google?"),
 ("Can I use my phone on a plane?", "Why can't I use my phone on a plane?"),
]
for a, b in negations: neg(a, b, "negation")

numbers = [
 ("What is 15 percent of 80?", "What is 25 percent of 80?"),
 ("What happened in Europe in 1848?", "What happened in Europe in 1868?"),
 ("Write a poem with 4 lines.", "Write a poem with 14 lines."),
 ("Is 221 divisible by 13?", "Is 221 divisible by 17?"),
 ("How many calories are in 2 eggs?", "How many calories are in 3 eggs?"),
 ("What is the cube root of 343?", "What is the cube root of 512?"),
 ("Convert 100 dollars to euros.", "Convert 1000 dollars to euros."),
 ("What was the population of the US in 1950?", "What was the population of the US in 2000?"),
 ("Remind me in 20 minutes to call Sam.", "Remind me in 45 minutes to call Sam."),
 ("What is HTTP status code 401?", "What is HTTP status code 403?"),
 ("How do I cook rice for 2 people?", "How do I cook rice for 6 people?"),
 ("What is 7 factorial?", "What is 8 factorial?"),
 ("Give me 3 tips for public speaking.", "Give me 10 tips for public speaking."),
 ("How far can you drive on 10 liters of fuel?", "How far can you drive on 40 liters of fuel?"),
 ("What is the 10th Fibonacci number?", "What is the 20th Fibonacci number?"),
 ("What does Psalm 23 say?", "What does Psalm 91 say?"),
 ("Explain IPv4.", "Explain IPv6."),
 ("What is the difference between Java 8 and Java 11?", "What is the difference between Java 11 and Java 17?"),
 ("What is the weather like in Lisbon in July?", "What is the weather like in Lisbon in January?"),
 ("Book a table for 2 at 7 pm.", "Book a table for 4 at 7 pm."),
 ("What were the top 5 movies of 2019?", "What were the top 5 movies of 2021?"),
 ("How many miles is a 5K run?", "How many miles is a 10K run?"),
 ("Summarize chapter 1 of the book.", "Summarize chapter 2 of the book."),
]
for a, b in numbers: neg(a, b, "number")
nt = ["What is {} minus {}?", "What is {} divided by {}?", "How many seconds are in {} hours?",
      "Convert {} pounds to kilograms.", "Split a bill of {} euros between {} friends.",
      "What is the area of a circle with radius {}?"]
r2 = random.Random(11)
for t in nt:
    for _ in range(5):
        a1, b1 = r2.randint(3, 250), r2.randint(2, 12)
        a2 = a1 + r2.choice([1, 2, 10, 50, 100])
        if t.count("{}") == 1: neg(t.format(a1), t.format(a2), "number")
        else: neg(t.format(a1, b1), t.format(a2, b1), "number")

languages = [
 ("How do I learn to swim?", "Wie lerne ich schwimmen?"),
 ("What is the oldest university in Italy?", "Qual è la più antica università d'Italia?"),
 ("Write a short poem about autumn.", "Écris un court poème sur l'automne."),
 ("What is the weather forecast for tomorrow?", "¿Cuál es el pronóstico del tiempo para mañana?"),
 ("How do I cook pasta?", "Come si cucina la pasta?"),
 ("What are the benefits of exercise?", "Quais são os benefícios do exercício?"),
 ("Explain quantum computing simply.", "Erkläre Quantencomputing einfach."),
 ("How old is the universe?", "Hoe oud is het heelal?"),
 ("Give me a recipe for pancakes.", "Donne-moi une recette de crêpes."),
 ("What is a blockchain?", "Что такое блокчейн?"),
 ("How do I say thank you in Japanese?", "日本語でありがとうはどう言いますか？"),
 ("Tell me a bedtime story.", "Cuéntame un cuento para dormir."),
 ("What is the Great Wall of China?", "长城是什么？"),
 ("Translate this sentence into English.", "Traduisez cette phrase en anglais."),
 ("How do I prepare for an exam?", "Jak przygotować się do egzaminu?"),
 ("What is democracy?", "Was ist Demokratie?"),
 ("Why do leaves change color in the fall?", "Perché le foglie cambiano colore in autunno?"),
 ("What is the best way to save money?", "Qual é a melhor maneira de economizar dinheiro?"),
 ("How does the heart work?", "Hur fungerar hjärtat?"),
 ("Recommend a good book to read.", "Recommande-moi un bon livre à lire."),
 ("What is the meaning of friendship?", "Was bedeutet Freundschaft?"),
 ("How do I fix a leaking tap?", "Wie repariere ich einen tropfenden Wasserhahn?"),
 ("What is the longest river in Europe?", "¿Cuál es el río más largo de Europa?"),
 ("How do I meditate?", "Come si medita?"),
 ("Explain photosynthesis to a child.", "Explique a fotossíntese para uma criança."),
 ("What is the history of the internet?", "Какова история интернета?"),
 ("Write a birthday message for my mother.", "Schreibe eine Geburtstagsnachricht für meine Mutter."),
 ("What is a good name for a cat?", "Wat is een goede naam voor een kat?"),
 ("How do I stop snoring?", "¿Cómo dejo de roncar?"),
 ("How do I boil an egg?", "卵はどうやって茹でますか？"),
 ("What is the theory of evolution?", "Qu'est-ce que la théorie de l'évolution ?"),
 ("How many oceans are there?", "Quanti oceani ci sono?"),
 ("How do I plant a tree?", "Como eu planto uma árvore?"),
 ("What is gravity?", "Czym jest grawitacja?"),
 ("How do I make friends as an adult?", "Wie finde ich als Erwachsener Freunde?"),
 ("What is the Pythagorean theorem used for?", "¿Para qué sirve el teorema de Pitágoras?"),
 ("Describe the city of Paris.", "Décris la ville de Paris."),
 ("What should I pack for a hiking trip?", "Was sollte ich für eine Wanderung einpacken?"),
 ("How do airplanes fly?", "Как летают самолёты?"),
 ("Suggest a weekend trip near Madrid.", "Sugiere una escapada de fin de semana cerca de Madrid."),
]
for a, b in languages: neg(a, b, "language")

code = [
 ("What does `git clean -n` do?", "What does `git clean -f` do?"),
 ("What is the output of: console.log(0.1 + 0.2 === 0.3)", "What is the output of: console.log(0.1 + 0.2 == 0.3)"),
 ("What does `rm -r build` do?", "What does `rm -rf build` do?"),
 ("Explain: SELECT name FROM staff WHERE salary >= 5000", "Explain: SELECT name FROM staff WHERE salary <= 5000"),
 ("What does `x = y` do in Python?", "What does `x == y` do in Python?"),
 ("What is the output of: print(2 ** 3)", "What is the output of: print(2 * 3)"),
 ("What does `docker run -d nginx` do?", "What does `docker run -it nginx` do?"),
 ("Explain this regex: ^a+$", "Explain this regex: ^a*$"),
 ("What does `chown root file` do?", "What does `chgrp root file` do?"),
 ("What is the output of: print([1, 2, 3][1:])", "What is the output of: print([1, 2, 3][:1])"),
 ("Is this valid C? int x = 5; x++;", "Is this valid C? int x = 5; x+;"),
 ("What does `kubectl delete pod web` do?", "What does `kubectl describe pod web` do?"),
 ("Explain: for (int i = 0; i < n; i++)", "Explain: for (int i = 0; i <= n; i++)"),
 ("What does `git fetch --prune` do?", "What does `git fetch --all` do?"),
 ("What is the output of: print('abc'.upper())", "What is the output of: print('abc'.title())"),
 ("Explain: let x = a ?? b;", "Explain: let x = a || b;"),
 ("What does `ls -l` show?", "What does `ls -a` show?"),
 ("What does `SELECT COUNT(*) FROM orders` return?", "What does `SELECT SUM(*) FROM orders` return?"),
 ("What is the output of: print(len('hello'))", "What is the output of: print(len('hello '))"),
 ("Explain: x &= mask", "Explain: x |= mask"),
 ("What does `pip install -e .` do?", "What does `pip install -U .` do?"),
 ("What is the output of: print(10 % 3)", "What is the output of: print(10 % 4)"),
 ("Explain: public static void main(String[] args)", "Explain: private static void main(String[] args)"),
 ("What does `head -c 100 data.bin` do?", "What does `head -n 100 data.bin` do?"),
 ("What does `git switch -c hotfix` do?", "What does `git switch hotfix` do?"),
 ("Explain: const items = [...a, ...b];", "Explain: const items = [a, ...b];"),
 ("What does the C expression `*p++` do?", "What does the C expression `(*p)++` do?"),
 ("What is the output of: print(bool(''))", "What is the output of: print(bool(' '))"),
 ("What does `ssh -L 8080:localhost:80 host` do?", "What does `ssh -R 8080:localhost:80 host` do?"),
 ("Explain: if (a && b)", "Explain: if (a || b)"),
 ("What does `curl -I example.com` do?", "What does `curl -i example.com` do?"),
 ("Explain: def f(*args)", "Explain: def f(**args)"),
 ("What is the output of: print(int('7') + 1)", "What is the output of: print('7' + '1')"),
 ("What does `grep -v error log.txt` do?", "What does `grep -c error log.txt` do?"),
 ("Explain: DROP TABLE users", "Explain: TRUNCATE TABLE users"),
 ("What does `systemctl enable nginx` do?", "What does `systemctl start nginx` do?"),
 ("What is the output of: print(round(2.5))", "What is the output of: print(round(3.5))"),
 ("Explain: auto& x = items[0];", "Explain: auto x = items[0];"),
 ("What does `git stash pop` do?", "What does `git stash drop` do?"),
 ("Explain: x = [] if y else None", "Explain: x = [] if not y else None"),
]
for a, b in code: neg(a, b, "code")

topic = [
 ("How do I care for a bonsai?", "How do I care for a fern?"),
 ("What do giraffes eat?", "What do hippos eat?"),
 ("How do I make a margherita pizza?", "How do I make a pepperoni pizza?"),
 ("What are the rules of basketball?", "What are the rules of volleyball?"),
 ("How do I learn to play the guitar?", "How do I learn to play the piano?"),
 ("What are the side effects of ibuprofen?", "What are the side effects of paracetamol?"),
 ("How do I train a puppy?", "How do I train a parrot?"),
 ("What is the history of the Olympic Games?", "What is the history of the World Cup?"),
 ("How do I knit a scarf?", "How do I knit a sweater?"),
 ("What is the life cycle of a butterfly?", "What is the life cycle of a frog?"),
 ("What are the best beaches in Portugal?", "What are the best ski resorts in Portugal?"),
 ("How is cheese made?", "How is chocolate made?"),
 ("What is the symbol for iron?", "What is the symbol for tin?"),
 ("How do bees make honey?", "How do spiders make silk?"),
 ("What are good exercises for the shoulders?", "What are good exercises for the knees?"),
 ("How do I become a nurse?", "How do I become a pilot?"),
 ("What is the tallest tree species?", "What is the oldest tree species?"),
 ("How do I clean a leather sofa?", "How do I clean a suede jacket?"),
 ("What is a haiku?", "What is a limerick?"),
 ("How does a solar panel work?", "How does a wind turbine work?"),
]
for a, b in topic: neg(a, b, "topic")

pos_n = sum(1 for p in pairs if p["match"]); neg_n = len(pairs) - pos_n
print(pos_n, neg_n)
with open("src/test/resources/semantic/heldout.jsonl", "w") as f:
    for p in pairs: f.write(json.dumps(p, ensure_ascii=False) + "\n")
