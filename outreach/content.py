"""The demo council's pages for parents and carers, written in our own words from the facts in
the shared content brief, as `seed_demo` publishes them (outreach/demo.py); editors change them in
Wagtail. The council's own phone numbers are not in this text: every page shows them from the
council's settings."""

DFE_GUIDE = (
    "Department for Education: Child sexual exploitation: definition and a guide for practitioners (2017)",
    "https://www.gov.uk/government/publications/child-sexual-exploitation-definition-and-guide-for-practitioners",
)
HOME_OFFICE_COUNTY_LINES = (
    "Home Office: Criminal exploitation of children and vulnerable adults: county lines",
    "https://www.gov.uk/government/publications/criminal-exploitation-of-children-and-vulnerable-adults-county-lines",
)
NSPCC = ("NSPCC: Report child abuse", "https://www.nspcc.org.uk/keeping-children-safe/reporting-abuse/")
CRIMESTOPPERS = ("Crimestoppers", "https://crimestoppers-uk.org/")
CHILDLINE = ("Childline", "https://www.childline.org.uk/")
BARNARDOS_UCL = ("Barnardo's and University College London: study of child sexual exploitation victims", "")
OFCOM = ("Ofcom: child sexual abuse material", "")

PARENTS_HOME = {
    "slug": "parents",
    "title": "For parents and carers",
    "lead": "How to spot the signs that a child is being sexually exploited, and what to do if you are worried.",
    "body": (
        "<p>Child sexual exploitation is a kind of child sexual abuse. Someone uses their power over a child "
        "or young person under 18 to trick, pressure or force them into sexual activity. The child is often "
        "given something they want or need, such as gifts, money, alcohol, drugs, a place to stay or "
        "attention.</p>"
        "<p>It can happen to any child: boys as well as girls, in towns and in the countryside, and online. "
        "It can look as if the young person agreed to it. But a child cannot agree to their own abuse, and it "
        "is never their fault.</p>"
        "<p>You know your child best. If something feels wrong, you do not need proof to ask for help.</p>"
    ),
    "sources": [DFE_GUIDE, NSPCC],
}

PARENTS_PAGES = [
    {
        "slug": "signs-to-look-out-for",
        "title": "Signs to look out for",
        "lead": "Changes in a child that may mean someone is exploiting them.",
        "body": (
            "<p>One sign on its own does not prove anything. Young people change as they grow up, and many of "
            "these things have other causes. But if you notice several of them, or you feel that something is "
            "wrong, talk to someone about it.</p>"
            "<h2>Signs in your child</h2>"
            "<ul>"
            "<li>going missing, or staying out very late with no good reason</li>"
            "<li>new clothes, phones, cash or gifts that they cannot explain</li>"
            "<li>a boyfriend or girlfriend who is much older than them</li>"
            "<li>getting into cars with adults you do not know</li>"
            "<li>drinking alcohol or taking drugs</li>"
            "<li>being very secret about their phone, or about who they talk to</li>"
            "<li>a sudden new group of friends, often older</li>"
            "<li>changes in mood, hurting themselves, or problems with their sexual health</li>"
            "</ul>"
            "<h2>Signs that they are being used for crime</h2>"
            "<p>Some children are also pushed into crime, such as carrying drugs or money for a gang. This is "
            "called child criminal exploitation. It often happens alongside sexual exploitation. County lines "
            "is one kind: gangs use children to move drugs from one town to another. Look out for a child who:</p>"
            "<ul>"
            "<li>has more than one phone, or a phone that rings all the time</li>"
            "<li>travels to other towns, often in school hours</li>"
            "<li>has cash they cannot explain</li>"
            "</ul>"
            "<h2>It can happen to any child</h2>"
            "<p>Boys are exploited as well as girls. A study by Barnardo's and University College London "
            "looked at over 9,000 victims and found that almost one in three were boys. Boys may find it "
            "harder to tell someone.</p>"
            "<p>The people who exploit children can be men or women, adults or other young people, from any "
            "background. Judge people by what they do, not by how they look.</p>"
        ),
        "sources": [DFE_GUIDE, HOME_OFFICE_COUNTY_LINES, BARNARDOS_UCL],
    },
    {
        "slug": "grooming-and-online-risks",
        "title": "Grooming and online risks",
        "lead": "How people who exploit children win their trust, face to face and online.",
        "body": (
            "<h2>What grooming is</h2>"
            "<p>Grooming is when someone builds a child's trust so that they can abuse or exploit them. They "
            "may give the child gifts, lifts, money, alcohol or drugs, or a lot of attention. They may make the "
            "child feel loved and special.</p>"
            "<p>Many children who are groomed believe they are in a real relationship with a boyfriend or "
            "girlfriend. They may not see that they are being abused. Others are afraid that no one will "
            "believe them. This is why many children do not tell anyone.</p>"
            "<p>Being given something in return does not make a child any less a victim. Young people aged 16 "
            "and 17 can be exploited too, even when it looks as if they agreed.</p>"
            "<h2>Online</h2>"
            "<p>Exploitation can happen online, with no meeting in person at all. A child who is very secret "
            "about their phone, tablet or computer, or about who they are talking to, may be at risk.</p>"
            "<p>If your child has been sent a sexual image, or has shared one of themselves, do not copy it, "
            "forward it or show it to anyone, even to prove what happened. Tell the police, and let them "
            "deal with it.</p>"
            "<h2>It is never the child's fault</h2>"
            "<p>Whatever has happened, your child is not to blame. The person who exploited them is.</p>"
        ),
        "sources": [DFE_GUIDE, NSPCC, OFCOM],
    },
    {
        "slug": "talking-to-your-child",
        "title": "Talking to your child",
        "lead": "How to listen, and what to do if your child tells you something.",
        "body": (
            "<h2>Keep talking</h2>"
            "<ul>"
            "<li>Let your child know they can tell you anything, and that you will not blame them.</li>"
            "<li>Ask about their friends, where they go and who they talk to online, in a calm way.</li>"
            "<li>Tell them that no one should give them presents or money and ask for something in return.</li>"
            "<li>Tell them about Childline. Children can call it free on 0800 1111 to talk about anything.</li>"
            "</ul>"
            "<h2>If your child tells you something</h2>"
            "<ul>"
            "<li>Stay calm and listen. Let them tell you in their own words.</li>"
            "<li>Ask only open questions, such as \u201cwhat happened next?\u201d Do not push for details.</li>"
            "<li>Tell them they were right to tell you, and that it is not their fault.</li>"
            "<li>Do not promise to keep it a secret. Explain that you need help from others to keep them "
            "safe.</li>"
            "<li>Write down what they said, in their own words, with the date and time.</li>"
            "<li>Do not contact the person they name, or try to find out more yourself.</li>"
            "<li>Get help quickly: call the police or children's social care.</li>"
            "</ul>"
        ),
        "sources": [NSPCC, CHILDLINE, DFE_GUIDE],
    },
    {
        "slug": "what-to-do",
        "title": "What to do and who to call",
        "lead": "You do not need proof. Tell someone what worries you.",
        "body": (
            "<h2>If a child is in danger now</h2>"
            "<p>Call 999.</p>"
            "<h2>If you are worried, but it is not an emergency</h2>"
            "<p>Call the police on 101 and say that you are worried about child sexual exploitation. You can "
            "also call the council's children's social care team. Their numbers are on this page.</p>"
            "<p>If you do not want to give your name, you can call Crimestoppers. You can also call the NSPCC "
            "Helpline, or e-mail help@nspcc.org.uk. You can stay anonymous, and you do not need to be sure.</p>"
            "<h2>Write down what you know</h2>"
            "<p>Small details help the police and social workers to build a picture. Write down:</p>"
            "<ul>"
            "<li>names and addresses</li>"
            "<li>what people and vehicles looked like, with the registration, make and colour</li>"
            "<li>dates, times and places</li>"
            "<li>what happened and what was said</li>"
            "</ul>"
            "<h2>Do not confront anyone</h2>"
            "<p>Do not go after the person you are worried about, or try to find out more yourself. It could "
            "put you or your child at risk. Tell the police, and let them act.</p>"
        ),
        "sources": [NSPCC, CRIMESTOPPERS, DFE_GUIDE],
    },
]
