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
<p>This notice explains how the council uses your information when you use this training service.
The parts below that say what we hold, why and for how long come from the service itself, so they
always match what it really holds and the time the council has set for keeping it.</p>
<p>The council's data protection officer can answer questions about it: write to the Data Protection
Officer, Council House, Market Square, Eyesbury EY1 1AA.</p>
"""
