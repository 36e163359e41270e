# Writes eval.jsonl (the semantic cache's evaluation set): hand-written pairs, plus typo, politeness and case variants
# of the hand-written questions generated with fixed seeds. Run from the repository root: python3 src/test/resources/semantic/gen_eval.py
import json, random
random.seed(17)
pairs = []
def pos(a, b, kind): pairs.append({"a": a, "b": b, "match": True, "kind": kind})
def neg(a, b, kind): pairs.append({"a": a, "b": b, "match": False, "kind": kind})

# ---------- should match ----------
paraphrases = [
 ("How do I reverse a string in Python?", "What's the way to reverse a string in Python?"),
 ("What is the capital of France?", "Which city is the capital of France?"),
 ("Explain how a hash map works.", "Can you explain how hash maps work?"),
 ("How do I center a div with CSS?", "What is the CSS to center a div?"),
 ("What does HTTP status 404 mean?", "What is the meaning of the HTTP 404 status code?"),
 ("How many days are in a leap year?", "How many days does a leap year have?"),
 ("Who wrote Pride and Prejudice?", "Who is the author of Pride and Prejudice?"),
 ("What is the boiling point of water at sea level?", "At sea level, what temperature does water boil at?"),
 ("How do I create a virtual environment in Python?", "How can I make a Python virtual environment?"),
 ("What is the difference between TCP and UDP?", "How does TCP differ from UDP?"),
 ("Summarize the plot of Hamlet.", "Give me a summary of Hamlet's plot."),
 ("How do I install Node.js on Ubuntu?", "What's the way to install Node.js on Ubuntu?"),
 ("What is a closure in JavaScript?", "Explain closures in JavaScript."),
 ("How do I convert a list to a set in Python?", "How can I turn a Python list into a set?"),
 ("What causes the seasons on Earth?", "Why does Earth have seasons?"),
 ("How do I undo the last git commit?", "How can I revert my most recent git commit?"),
 ("What is photosynthesis?", "Can you explain what photosynthesis is?"),
 ("How does a binary search work?", "Explain how binary search works."),
 ("What is the speed of light?", "How fast does light travel?"),
 ("How do I read a file line by line in Java?", "What's the way to read a file line by line in Java?"),
 ("What are the symptoms of dehydration?", "What symptoms does dehydration cause?"),
 ("How do I make a cup of green tea?", "How should I prepare a cup of green tea?"),
 ("What is the tallest mountain in the world?", "Which mountain is the highest in the world?"),
 ("How do I list all Docker containers?", "How can I see all my Docker containers?"),
 ("What is the Pythagorean theorem?", "Explain the Pythagorean theorem."),
 ("How do I merge two dictionaries in Python?", "How can I combine two Python dictionaries?"),
 ("What is inflation in economics?", "In economics, what does inflation mean?"),
 ("How do I check my disk usage on Linux?", "How can I see disk usage on a Linux machine?"),
 ("What is the largest ocean on Earth?", "Which ocean is the biggest on Earth?"),
 ("How do I write a for loop in Go?", "What is the syntax of a for loop in Go?"),
 ("What is a primary key in a database?", "Explain what a database primary key is."),
 ("How do vaccines work?", "How does a vaccine work?"),
 ("What is the population of Tokyo?", "How many people live in Tokyo?"),
 ("How do I kill a process on Linux?", "How can I terminate a process in Linux?"),
 ("What is machine learning?", "Can you explain machine learning?"),
 ("How do I sort a dictionary by value in Python?", "How can I sort a Python dict by its values?"),
 ("What year did World War II end?", "When did World War II end?"),
 ("How do I generate an SSH key?", "How can I create an SSH key pair?"),
 ("What is the chemical formula of water?", "What's water's chemical formula?"),
 ("How do I parse JSON in JavaScript?", "How can I parse a JSON string in JavaScript?"),
 ("Recommend a good book about habits.", "Can you suggest a good book on habits?"),
 ("How long should I boil an egg for a soft yolk?", "For a soft yolk, how long do I boil an egg?"),
 ("What is a REST API?", "Explain what a REST API is."),
 ("How do I rename a branch in git?", "How can I rename a git branch?"),
 ("What is the meaning of life according to Douglas Adams?", "According to Douglas Adams, what is the meaning of life?"),
 ("How do I remove duplicates from a list in Python?", "How can I deduplicate a Python list?"),
 ("What are the benefits of regular exercise?", "What are the advantages of exercising regularly?"),
 ("How do I calculate compound interest?", "What's the formula to compute compound interest?"),
 ("What is the difference between a virus and a bacterium?", "How is a virus different from a bacterium?"),
 ("How do I write a unit test in JUnit 5?", "How can I write a JUnit 5 unit test?"),
 ("Translate 'good morning' into Spanish.", "How do you say 'good morning' in Spanish?"),
 ("What is Kubernetes used for?", "What do people use Kubernetes for?"),
 ("How do I improve my sleep quality?", "What can I do to sleep better?"),
 ("What is the GDP of Germany?", "How large is Germany's GDP?"),
 ("How do I get the current date in JavaScript?", "How can I get today's date in JavaScript?"),
 ("Write a haiku about autumn.", "Compose a haiku about autumn."),
 ("What is a black hole?", "Can you explain what a black hole is?"),
 ("How do I connect to PostgreSQL from Python?", "How can I connect Python to a PostgreSQL database?"),
 ("What is the function of the liver?", "What does the liver do?"),
 ("How do I set an environment variable in bash?", "How can I set an env variable in bash?"),
 ("Explain the difference between let and const in JavaScript.", "What is the difference between let and const in JS?"),
 ("What is the freezing point of water in Fahrenheit?", "At what Fahrenheit temperature does water freeze?"),
 ("Give me three tips for public speaking.", "Share three tips for speaking in public."),
 ("How do I find the length of an array in Java?", "How can I get an array's length in Java?"),
 ("What is the best way to learn a new language?", "What's the most effective way to learn a new language?"),
 ("Who painted the Mona Lisa?", "Who is the painter of the Mona Lisa?"),
 ("How do I make an HTTP request in Go?", "How can I send an HTTP request in Go?"),
 ("What is the difference between RAM and ROM?", "How does RAM differ from ROM?"),
 ("How many continents are there?", "What is the number of continents?"),
 ("How do I delete a file in Python?", "How can I remove a file using Python?"),
 ("Explain recursion with an example.", "Can you explain recursion using an example?"),
 ("What is the main cause of climate change?", "What mainly causes climate change?"),
 ("How do I convert Celsius to Fahrenheit?", "What's the way to convert Celsius into Fahrenheit?"),
 ("What is an API key?", "Explain what an API key is."),
 ("How can I lower my cholesterol?", "What are ways to reduce my cholesterol?"),
 ("How do I split a string by commas in Java?", "How can I split a Java string on commas?"),
 ("What is a mutex?", "Can you explain what a mutex is?"),
 ("How do I update all packages with apt?", "How can I upgrade every package using apt?"),
 ("What are prime numbers?", "Explain what prime numbers are."),
 ("How do I make pancakes from scratch?", "What's a recipe for homemade pancakes?"),
]
for a, b in paraphrases: pos(a, b, "paraphrase")

word_order = [
 ("In Python, how do I reverse a list?", "How do I reverse a list in Python?"),
 ("On Linux, how do I find large files?", "How do I find large files on Linux?"),
 ("For a beginner, what is the best programming language?", "What is the best programming language for a beginner?"),
 ("Using SQL, how do I count rows in a table?", "How do I count rows in a table using SQL?"),
 ("With git, how do I see the commit history?", "How do I see the commit history with git?"),
 ("In Java, what is the difference between an interface and an abstract class?", "What is the difference between an interface and an abstract class in Java?"),
 ("During pregnancy, which foods should be avoided?", "Which foods should be avoided during pregnancy?"),
 ("In the morning, what is a healthy breakfast?", "What is a healthy breakfast in the morning?"),
 ("For a small business, what accounting software is good?", "What accounting software is good for a small business?"),
 ("In Rust, how do I read command line arguments?", "How do I read command line arguments in Rust?"),
 ("At home, how can I train my dog to sit?", "How can I train my dog to sit at home?"),
 ("In Excel, how do I freeze the top row?", "How do I freeze the top row in Excel?"),
 ("For a cold, what home remedies help?", "What home remedies help for a cold?"),
 ("In CSS, how do I make text bold?", "How do I make text bold in CSS?"),
 ("On a Mac, how do I take a screenshot?", "How do I take a screenshot on a Mac?"),
 ("In React, how do I pass props to a child component?", "How do I pass props to a child component in React?"),
 ("Before a job interview, what should I prepare?", "What should I prepare before a job interview?"),
 ("With Docker, how do I remove unused images?", "How do I remove unused images with Docker?"),
 ("In Kotlin, how do I declare a constant?", "How do I declare a constant in Kotlin?"),
 ("In winter, how do I keep my house warm cheaply?", "How do I keep my house warm cheaply in winter?"),
 ("In PostgreSQL, how do I create an index?", "How do I create an index in PostgreSQL?"),
 ("For a marathon, how should I train?", "How should I train for a marathon?"),
 ("In TypeScript, what is a generic type?", "What is a generic type in TypeScript?"),
 ("On Windows, how do I open the task manager?", "How do I open the task manager on Windows?"),
 ("In statistics, what is a p-value?", "What is a p-value in statistics?"),
 ("For dinner tonight, what can I cook with chicken and rice?", "What can I cook with chicken and rice for dinner tonight?"),
 ("In Bash, how do I loop over files?", "How do I loop over files in Bash?"),
 ("In physics, what is momentum?", "What is momentum in physics?"),
 ("With pandas, how do I drop a column?", "How do I drop a column with pandas?"),
 ("In chess, how does castling work?", "How does castling work in chess?"),
 ("In Spring Boot, how do I define a REST controller?", "How do I define a REST controller in Spring Boot?"),
 ("For a headache, what should I take?", "What should I take for a headache?"),
 ("In C, how do I allocate memory?", "How do I allocate memory in C?"),
 ("In biology, what is a cell membrane?", "What is a cell membrane in biology?"),
 ("In Vim, how do I save and quit?", "How do I save and quit in Vim?"),
 ("With npm, how do I install a package globally?", "How do I install a package globally with npm?"),
 ("In HTML, how do I add an image?", "How do I add an image in HTML?"),
 ("In economics, what is supply and demand?", "What is supply and demand in economics?"),
 ("In Swift, how do I unwrap an optional?", "How do I unwrap an optional in Swift?"),
 ("In photography, what is aperture?", "What is aperture in photography?"),
]
for a, b in word_order: pos(a, b, "word_order")

bases = [a for a, _ in paraphrases] + [b for _, b in word_order]

def typo(s, rnd):
    words = s.split(" ")
    idxs = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not idxs: return None
    n = 1 if rnd.random() < 0.6 else 2
    for i in rnd.sample(idxs, min(n, len(idxs))):
        w = list(words[i]); j = rnd.randrange(1, len(w) - 2)
        op = rnd.choice(["swap", "drop", "dup"])
        if op == "swap": w[j], w[j+1] = w[j+1], w[j]
        elif op == "drop": del w[j]
        else: w.insert(j, w[j])
        words[i] = "".join(w)
    return " ".join(words)
rnd = random.Random(5)
tb = list(bases); rnd.shuffle(tb)
c = 0
for s in tb:
    t = typo(s, rnd)
    if t and t != s:
        pos(s, t, "typo"); c += 1
    if c >= 70: break

polite_pre = ["Please, ", "Could you tell me: ", "Hi! ", "Hello, quick question: ", "Excuse me, ", "Can you help me? ", "I was wondering: ", "Hey there, "]
polite_post = [" Thanks!", " Thank you so much.", " Please.", " Thanks in advance!", " I'd appreciate it.", " Cheers."]
pb = list(bases); rnd.shuffle(pb)
for i, s in enumerate(pb[:70]):
    if i % 2 == 0: t = polite_pre[i % len(polite_pre)] + s[0].lower() + s[1:]
    else: t = s + polite_post[i % len(polite_post)]
    pos(s, t, "politeness")
cb = list(bases); rnd.shuffle(cb)
for i, s in enumerate(cb[:45]):
    t = s.lower().rstrip("?.!") if i % 3 else s.upper()
    if i % 3 == 2: t = s.rstrip("?.!") + "??"
    pos(s, t, "case_punctuation")

# ---------- must not match ----------
countries = [("France", "Germany"), ("Spain", "Portugal"), ("Italy", "Greece"), ("Japan", "China"), ("Canada", "Mexico"),
             ("Brazil", "Argentina"), ("Norway", "Sweden"), ("Egypt", "Kenya"), ("India", "Pakistan"), ("Australia", "New Zealand"),
             ("Poland", "Austria"), ("Peru", "Chile")]
ctempl = ["What is the capital of {}?", "What currency does {} use?", "What is the population of {}?", "What language is spoken in {}?", "What is the national dish of {}?"]
for t in ctempl:
    for x, y in countries:
        neg(t.format(x), t.format(y), "entity")
people = [("Pride and Prejudice", "Wuthering Heights"), ("the Mona Lisa", "The Starry Night"), ("Hamlet", "Macbeth"),
          ("the telephone", "the light bulb"), ("Python", "Java")]
for x, y in people:
    neg(f"Who created {x}?", f"Who created {y}?", "entity")
langs = [("Python", "Java"), ("JavaScript", "Go"), ("Rust", "C++"), ("Ruby", "PHP"), ("Kotlin", "Swift")]
for x, y in langs:
    neg(f"How do I read a file in {x}?", f"How do I read a file in {y}?", "entity")

ops = [
 ("How do I sort a list in Python?", "How do I reverse a list in Python?"),
 ("How do I find the maximum of an array in Java?", "How do I find the minimum of an array in Java?"),
 ("How do I encode a string to Base64?", "How do I decode a Base64 string?"),
 ("How do I encrypt a file with GPG?", "How do I decrypt a file with GPG?"),
 ("How do I add a user on Linux?", "How do I delete a user on Linux?"),
 ("How do I compress a folder with tar?", "How do I extract a tar archive?"),
 ("How do I convert Celsius to Fahrenheit?", "How do I convert Fahrenheit to Celsius?"),
 ("How do I convert a string to an integer in Java?", "How do I convert an integer to a string in Java?"),
 ("How do I push to a git remote?", "How do I pull from a git remote?"),
 ("How do I start a Docker container?", "How do I stop a Docker container?"),
 ("How do I install a package with pip?", "How do I uninstall a package with pip?"),
 ("How do I lock a row in PostgreSQL?", "How do I unlock a row in PostgreSQL?"),
 ("How do I serialize an object to JSON in C#?", "How do I deserialize JSON into an object in C#?"),
 ("How do I increase the font size in VS Code?", "How do I decrease the font size in VS Code?"),
 ("How do I upload a file to S3?", "How do I download a file from S3?"),
 ("How do I enable SSH on Ubuntu?", "How do I disable SSH on Ubuntu?"),
 ("How do I split a string in JavaScript?", "How do I join an array into a string in JavaScript?"),
 ("How do I create a table in SQL?", "How do I drop a table in SQL?"),
 ("How do I zoom in on a Mac?", "How do I zoom out on a Mac?"),
 ("How do I mute a Zoom call?", "How do I record a Zoom call?"),
 ("How do I buy Apple stock?", "How do I sell Apple stock?"),
 ("How do I gain weight healthily?", "How do I lose weight healthily?"),
 ("How do I convert miles to kilometers?", "How do I convert kilometers to miles?"),
 ("How do I sort an array in ascending order?", "How do I sort an array in descending order?"),
 ("How do I open a port in the firewall?", "How do I close a port in the firewall?"),
 ("How do I merge two branches in git?", "How do I rebase a branch in git?"),
 ("How do I import a CSV into Excel?", "How do I export Excel to CSV?"),
 ("How do I lowercase a string in Python?", "How do I uppercase a string in Python?"),
 ("How do I append to a list in Python?", "How do I prepend to a list in Python?"),
 ("How do I count words in a file?", "How do I count lines in a file?"),
 ("What are the advantages of remote work?", "What are the disadvantages of remote work?"),
 ("What are the pros of nuclear energy?", "What are the cons of nuclear energy?"),
 ("Write a poem about the sun.", "Write a poem about the moon."),
 ("Write a story for children about a dragon.", "Write a story for adults about a dragon."),
 ("Summarize the first chapter of Moby Dick.", "Summarize the last chapter of Moby Dick."),
 ("What happens before a solar eclipse?", "What happens after a solar eclipse?"),
 ("What is the first law of thermodynamics?", "What is the second law of thermodynamics?"),
 ("Explain the causes of World War I.", "Explain the consequences of World War I."),
 ("How do I heat up leftover rice?", "How do I freeze leftover rice?"),
 ("What should I eat before a workout?", "What should I eat after a workout?"),
 ("Translate 'thank you' into French.", "Translate 'thank you' into German."),
 ("Translate this sentence into Spanish: I like cats.", "Translate this sentence into Italian: I like cats."),
 ("Give me a recipe for vegan lasagna.", "Give me a recipe for beef lasagna."),
 ("What is the difference between a list and a tuple?", "What is the difference between a list and a set?"),
 ("What is the time complexity of quicksort?", "What is the space complexity of quicksort?"),
 ("What is the average salary of a nurse?", "What is the average salary of a teacher?"),
 ("How do I make my code faster?", "How do I make my code more readable?"),
 ("What is the best time to visit Japan?", "What is the worst time to visit Japan?"),
 ("List the planets closest to the sun.", "List the planets farthest from the sun."),
 ("How do I write a cover letter?", "How do I write a resignation letter?"),
]
for a, b in ops: neg(a, b, "operation")

negations = [
 ("Is coffee good for your health?", "Is coffee bad for your health?"),
 ("Why is the sky blue?", "Why is the sky not blue at night?"),
 ("Should I use tabs for indentation?", "Should I not use tabs for indentation?"),
 ("List foods that contain gluten.", "List foods that do not contain gluten."),
 ("Which animals are mammals?", "Which animals are not mammals?"),
 ("What can I eat during a fast?", "What can I not eat during a fast?"),
 ("Which countries use the euro?", "Which EU countries do not use the euro?"),
 ("Write a function that returns true if a number is prime.", "Write a function that returns true if a number is not prime."),
 ("Which fruits are safe for dogs?", "Which fruits are toxic for dogs?"),
 ("Select all rows where the status is active.", "Select all rows where the status is not active."),
 ("Is it safe to eat raw eggs?", "Is it unsafe to eat raw eggs?"),
 ("Why do cats purr when they are happy?", "Why do cats purr when they are not happy?"),
 ("What are signs that a relationship is healthy?", "What are signs that a relationship is unhealthy?"),
 ("Which plants need direct sunlight?", "Which plants do not need direct sunlight?"),
 ("How do I make a field required in a form?", "How do I make a field optional in a form?"),
 ("Why should I use microservices?", "Why should I not use microservices?"),
 ("Can I take ibuprofen with alcohol?", "Why can't I take ibuprofen with alcohol?"),
 ("Tell me about legal ways to reduce taxes.", "Tell me about illegal ways to reduce taxes."),
 ("Give me a list of vegetarian dishes.", "Give me a list of non-vegetarian dishes."),
 ("Which numbers between 1 and 20 are even?", "Which numbers between 1 and 20 are not even?"),
 ("What programming languages are statically typed?", "What programming languages are not statically typed?"),
 ("Find all files that match *.log.", "Find all files that do not match *.log."),
 ("Is Pluto a planet?", "Why is Pluto not a planet?"),
 ("Which mushrooms are edible?", "Which mushrooms are poisonous?"),
 ("Describe a successful product launch.", "Describe a failed product launch."),
 ("Write a positive review of this restaurant.", "Write a negative review of this restaurant."),
 ("Which metals are magnetic?", "Which metals are non-magnetic?"),
 ("Is the function thread-safe?", "Why is the function not thread-safe?"),
 ("When is it appropriate to use a singleton?", "When is it inappropriate to use a singleton?"),
 ("Is it true that goldfish have a three-second memory?", "Is it false that goldfish have a three-second memory?"),
 ("How do I enable dark mode?", "How do I turn off dark mode?"),
 ("Which words are synonyms of happy?", "Which words are antonyms of happy?"),
 ("What are the symptoms of high blood pressure?", "What are the symptoms of low blood pressure?"),
 ("Filter the list to keep only positive numbers.", "Filter the list to remove the positive numbers."),
 ("Which birds can fly?", "Which birds cannot fly?"),
 ("Write a regex that matches an email address.", "Write a regex that matches anything except an email address."),
 ("Why is exercise important?", "Why is exercise not always important?"),
 ("Should I include a photo on my resume?", "Should I leave the photo off my resume?"),
 ("Which vitamins are water-soluble?", "Which vitamins are fat-soluble?"),
 ("Show me a valid JSON example.", "Show me an invalid JSON example."),
]
for a, b in negations: neg(a, b, "negation")

numbers = []
nt = ["What is {} plus {}?", "What is {} times {}?", "Convert {} kilometers to miles.", "What is {}% of {}?",
      "Generate a list of {} random numbers below {}.", "Write a {}-word story about a cat named {}."]
r2 = random.Random(3)
for t in nt:
    for _ in range(7):
        a1, b1 = r2.randint(2, 99), r2.randint(2, 99)
        a2 = a1 + r2.randint(1, 9)
        if t.count("{}") == 1:
            neg(t.format(a1), t.format(a2), "number")
        elif "cat named" in t:
            neg(t.format(a1 * 10, "Tom"), t.format(a2 * 10, "Tom"), "number")
        else:
            neg(t.format(a1, b1), t.format(a2, b1), "number")
numtxt = [
 ("What happened in 1914?", "What happened in 1945?"),
 ("Who won the World Cup in 2014?", "Who won the World Cup in 2018?"),
 ("Give me 5 ideas for a birthday party.", "Give me 50 ideas for a birthday party."),
 ("What is the square root of 144?", "What is the square root of 169?"),
 ("Is 91 a prime number?", "Is 97 a prime number?"),
 ("What was the population of London in 1900?", "What was the population of London in 2000?"),
 ("Set a timer for 10 minutes.", "Set a timer for 15 minutes."),
 ("What is 2 to the power of 10?", "What is 2 to the power of 16?"),
]
for a, b in numtxt: neg(a, b, "number")

langpairs = [
 ("What is the capital of France?", "Quelle est la capitale de la France ?"),
 ("How do I reverse a string in Python?", "¿Cómo invierto una cadena en Python?"),
 ("What is machine learning?", "Was ist maschinelles Lernen?"),
 ("Explain how vaccines work.", "Spiega come funzionano i vaccini."),
 ("What is the meaning of life?", "Qual é o sentido da vida?"),
 ("How do I make pancakes?", "Comment faire des crêpes ?"),
 ("Write a haiku about autumn.", "Schreibe ein Haiku über den Herbst."),
 ("What causes climate change?", "¿Qué causa el cambio climático?"),
 ("How many continents are there?", "Hoeveel continenten zijn er?"),
 ("Who painted the Mona Lisa?", "Chi ha dipinto la Gioconda?"),
 ("What is a black hole?", "Что такое чёрная дыра?"),
 ("How do I learn to code?", "Jak się nauczyć programować?"),
 ("Give me three tips for public speaking.", "Donne-moi trois conseils pour parler en public."),
 ("What is photosynthesis?", "¿Qué es la fotosíntesis?"),
 ("Summarize the plot of Hamlet.", "Fasse die Handlung von Hamlet zusammen."),
 ("What is the speed of light?", "Qual è la velocità della luce?"),
 ("How do I improve my sleep?", "Como posso melhorar o meu sono?"),
 ("What is inflation?", "Qu'est-ce que l'inflation ?"),
 ("Explain recursion.", "Explica la recursión."),
 ("What is the tallest mountain?", "Welcher ist der höchste Berg?"),
 ("How do I cook rice?", "Come si cucina il riso?"),
 ("What is the weather like in spring?", "Wat voor weer is het in de lente?"),
 ("Tell me a joke.", "Cuéntame un chiste."),
 ("What is artificial intelligence?", "Qu'est-ce que l'intelligence artificielle ?"),
 ("How do I write a resume?", "Wie schreibe ich einen Lebenslauf?"),
 ("Recommend a good book.", "Consigliami un buon libro."),
 ("What is the largest ocean?", "Qual é o maior oceano?"),
 ("How do I learn Japanese?", "日本語をどうやって勉強すればいいですか？"),
 ("What is the boiling point of water?", "水的沸点是多少？"),
 ("Write a short poem about the sea.", "Escribe un poema corto sobre el mar."),
 ("How does the internet work?", "Comment fonctionne Internet ?"),
 ("What are prime numbers?", "Was sind Primzahlen?"),
 ("Explain the theory of relativity.", "Spiega la teoria della relatività."),
 ("How do I stay motivated?", "¿Cómo me mantengo motivado?"),
 ("Tell me about the Roman Empire.", "Vertel me over het Romeinse Rijk."),
 ("What is a good breakfast?", "Qu'est-ce qu'un bon petit-déjeuner ?"),
]
for a, b in langpairs: neg(a, b, "language")

code = [
 ("Fix this code: for i in range(10): print(i)", "Fix this code: for i in range(100): print(i)"),
 ("What does this return? x = [1,2,3]; print(x[0])", "What does this return? x = [1,2,3]; print(x[-1])"),
 ("Explain: SELECT * FROM users WHERE age > 30", "Explain: SELECT * FROM users WHERE age < 30"),
 ("Why does this fail? if (a = b) { return; }", "Why does this fail? if (a == b) { return; }"),
 ("What is the output of: print(3 // 2)", "What is the output of: print(3 / 2)"),
 ("Review: def add(a, b): return a + b", "Review: def add(a, b): return a - b"),
 ("What does `git reset --hard HEAD~1` do?", "What does `git reset --soft HEAD~1` do?"),
 ("What does `rm -r dir` do?", "What does `rm -rf /` do?"),
 ("Explain: const x = arr.map(f)", "Explain: const x = arr.filter(f)"),
 ("Is this correct? int[] a = new int[5];", "Is this correct? int[] a = new int[-5];"),
 ("What does `chmod 755 file` do?", "What does `chmod 644 file` do?"),
 ("Explain this regex: ^[a-z]+$", "Explain this regex: ^[a-z]*$"),
 ("What is the output: console.log(0.1 + 0.2 === 0.3)", "What is the output: console.log(0.1 + 0.2 == 0.3)"),
 ("Translate to Python: for (int i = 0; i < n; i++)", "Translate to Python: for (int i = n; i > 0; i--)"),
 ("What does `ls -la` show?", "What does `ls -lh` show?"),
 ("Explain: docker run -d nginx", "Explain: docker run -it nginx"),
 ("What does list.pop(0) do in Python?", "What does list.pop() do in Python?"),
 ("What is wrong with: while True: pass", "What is wrong with: while False: pass"),
 ("What does `kill -9 1234` do?", "What does `kill -15 1234` do?"),
 ("Explain: SELECT COUNT(*) FROM orders", "Explain: SELECT SUM(*) FROM orders"),
 ("Explain `x ?? y` in JavaScript", "Explain `x || y` in JavaScript"),
 ("What does `git push --force` do?", "What does `git push --tags` do?"),
 ("Is this valid Java? String s = null; s.length();", "Is this valid Java? String s = \"\"; s.length();"),
 ("Explain: curl -X GET http://localhost:8080/api", "Explain: curl -X DELETE http://localhost:8080/api"),
 ("What does `HashMap.get(key)` return when the key is missing?", "What does `HashMap.remove(key)` return when the key is missing?"),
 ("Why is `a is b` True here? a = 256; b = 256", "Why is `a is b` False here? a = 257; b = 257"),
 ("Explain: std::vector<int> v(10);", "Explain: std::vector<int> v{10};"),
 ("What does `sorted(xs, reverse=True)` return?", "What does `sorted(xs, reverse=False)` return?"),
 ("Explain: UPDATE accounts SET balance = 0", "Explain: DELETE FROM accounts"),
 ("What does `Array.prototype.shift` do?", "What does `Array.prototype.unshift` do?"),
 ("What does `git checkout -b feature` do?", "What does `git checkout feature` do?"),
 ("Explain: mv a.txt b.txt", "Explain: cp a.txt b.txt"),
 ("What is the value of 1 << 3?", "What is the value of 1 >> 3?"),
 ("Explain: x += 1", "Explain: x -= 1"),
 ("Explain: import numpy as np", "Explain: import pandas as pd"),
 ("What does `SELECT DISTINCT city FROM users` do?", "What does `SELECT city FROM users` do?"),
 ("Explain: Thread.sleep(1000)", "Explain: Thread.sleep(10)"),
 ("What does `tail -f app.log` do?", "What does `tail -n 5 app.log` do?"),
 ("Fix: def f(x): return x * 2", "Fix: def f(x): return x ** 2"),
 ("What does `npm install --save-dev jest` do?", "What does `npm uninstall jest` do?"),
]
for a, b in code: neg(a, b, "code")

topic = [
 ("What are the health benefits of green tea?", "What are the health benefits of black coffee?"),
 ("How do I train for a 5k run?", "How do I train for a triathlon?"),
 ("How do I care for a cactus?", "How do I care for an orchid?"),
 ("What is the history of the Eiffel Tower?", "What is the history of the Statue of Liberty?"),
 ("How do I change a car tire?", "How do I change a bicycle tire?"),
 ("Explain how a refrigerator works.", "Explain how an air conditioner works."),
 ("What do pandas eat?", "What do koalas eat?"),
 ("How do I grow tomatoes?", "How do I grow potatoes?"),
 ("How long does it take to fly from London to New York?", "How long does it take to fly from London to Tokyo?"),
 ("What is the life expectancy of a cat?", "What is the life expectancy of a dog?"),
 ("How do I file taxes in the US?", "How do I file taxes in the UK?"),
 ("What is the atomic number of carbon?", "What is the atomic number of oxygen?"),
 ("How do I make sourdough bread?", "How do I make banana bread?"),
 ("What is the plot of Star Wars?", "What is the plot of Star Trek?"),
 ("How do I clean a cast iron pan?", "How do I clean a non-stick pan?"),
 ("What is the melting point of iron?", "What is the melting point of gold?"),
 ("How do I apply for a passport?", "How do I apply for a visa?"),
 ("Explain the rules of tennis.", "Explain the rules of badminton."),
 ("What is the distance from the Earth to the Moon?", "What is the distance from the Earth to Mars?"),
 ("How do I back up my iPhone?", "How do I back up my Android phone?"),
]
for a, b in topic: neg(a, b, "topic")

pos_n = sum(1 for p in pairs if p["match"]); neg_n = len(pairs) - pos_n
print(pos_n, neg_n)
with open("src/test/resources/semantic/eval.jsonl", "w") as f:
    for p in pairs: f.write(json.dumps(p, ensure_ascii=False) + "\n")
