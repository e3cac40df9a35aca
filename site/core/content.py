"""Demo text for the home page, the accessibility statement and the privacy notice.

Editors change all of it in Wagtail; this is what a new council starts from.
"""

HOME_INTRO = (
    "<p>Children who are being sexually exploited are often seen by the people around them: the "
    "driver who takes them to a hotel, the receptionist who checks in the adult with them, the youth "
    "worker who notices a new phone. This training helps you recognise the signs and tells you who "
    "to call.</p>"
    "<p>Each course takes about 25 minutes. You can read it on a phone. At the end there is a short "
    "quiz, and when you pass you get a certificate that anyone can check.</p>"
)

HOME_AUDIENCES = [
    (
        "audience",
        {
            "heading": "Taxi and private hire drivers",
            "description": "Take the safeguarding training your licence needs and get a certificate to show "
            "the licensing office.",
            "link_text": "Create an account to start",
            "link_url": "/accounts/signup/",
        },
    ),
    (
        "audience",
        {
            "heading": "Hotel, youth and council staff",
            "description": "Take the course for your job. Youth workers can come back for a refresher before "
            "their certificate runs out.",
            "link_text": "Sign in to your training",
            "link_url": "/accounts/login/",
        },
    ),
    (
        "audience",
        {
            "heading": "Managers and licensing officers",
            "description": "See who in your team or on your register is trained, and whose training is due.",
            "link_text": "Sign in as a manager or officer",
            "link_url": "/accounts/login/",
        },
    ),
    (
        "audience",
        {
            "heading": "Worried about a child now?",
            "description": "If a child is in immediate danger, call 999. If you are worried but it is not an "
            "emergency, call the police on 101.",
            "link_text": "Who else you can call",
            "link_url": "#who-to-call",
        },
    ),
]

ACCESSIBILITY_STATEMENT = """
<p>This statement covers the Eyes and Ears training service run by the council. We want as many
people as possible to be able to use it. You should be able to:</p>
<ul>
<li>change colours, contrast levels and fonts using your browser or device settings</li>
<li>zoom in up to 400% without the text spilling off the screen</li>
<li>use the whole service with a keyboard only</li>
<li>use the whole service with a screen reader</li>
<li>read every page on a small phone screen</li>
</ul>
<p>We have also made the text as simple as we can, because many of the people who use it speak
English as a second language.</p>
<h2>How accessible this service is</h2>
<p>We test every page with automated tools in a real browser, and by hand with a keyboard at
small screen sizes. We know of these problems:</p>
<ul>
<li>Certificate PDF files are not tagged for screen readers. Every certificate also has a web
page with the same facts, which is accessible.</li>
</ul>
<h2 id="contact">What to do if you cannot use part of this service</h2>
<p>If you need information in a different format, such as large print, easy read or another
language, contact the council's safeguarding team using the details at the bottom of this page.
We will reply within 5 working days.</p>
<h2>Reporting problems with accessibility</h2>
<p>Tell us if you find a problem that is not listed here, or you think we are not meeting the
accessibility regulations, using the contact details at the bottom of this page.</p>
<h2>Enforcement</h2>
<p>The Equality and Human Rights Commission enforces the Public Sector Bodies (Websites and Mobile
Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to
your complaint, contact the Equality Advisory and Support Service (EASS).</p>
<h2>Technical information</h2>
<p>The council is committed to making this service accessible, in line with those regulations.
This service aims to meet the Web Content Accessibility Guidelines version 2.2 at level AA.</p>
"""

PRIVACY_NOTICE = """
<p>The council runs this training service. The council is the data controller for the
information it holds about you here.</p>
<h2>What we hold</h2>
<ul>
<li>your name, as it appears on your certificates, and your e-mail address</li>
<li>your preferred language</li>
<li>the courses you start and finish, your quiz results and your certificates</li>
<li>if you are a licensed driver, your licence number, and each time a licensing officer checked
your training</li>
<li>the organisations you belong to and your job role</li>
<li>records of when you signed in, kept for security</li>
</ul>
<h2>Why we hold it</h2>
<p>We use it to give you training, to issue and check your certificates, and so that the council,
your employer and the licensing office can see that you are trained. The lawful basis is that the
council carries out a task in the public interest: keeping children safe and licensing taxi and
private hire drivers.</p>
<h2>Who can see it</h2>
<p>You can see everything about you. Managers of an organisation you belong to can see your
training status and certificates. Licensing officers can see the training status of licensed
drivers. Anyone who has your certificate code can see your name as printed, the course, and the
dates of the certificate. We never sell your information.</p>
<h2>How long we keep it</h2>
<p>We keep your training records for six years after your last activity, because licences and
employment checks can look back that far. After that, we remove your name and details. We keep a
record that a certificate existed, so that an old code still shows as expired, but not who held it.</p>
<h2>Your rights</h2>
<p>You can ask for a copy of your information, ask us to correct it, and in some cases ask us to
delete it. You can complain to the Information Commissioner's Office (ICO) if you are unhappy with
how we use your information.</p>
"""
