/* "Listen to this lesson": reads the lesson aloud with the browser's own speech synthesis.
 *
 * Progressive enhancement: the controls are in the page with the `hidden` attribute and are shown
 * only where the browser can speak. What is read is what can be seen in the lesson: its title,
 * summary and blocks, but not these controls, navigation, buttons, hidden elements or the inside of
 * a closed <details> (a discussion is read once it has been opened). The text is spoken a sentence
 * or so at a time, because some browsers cut a long utterance off, in the language of the element it
 * comes from (the page's language, <html lang>), with a voice for that language when there is one.
 * Reading stops when the page is left. The button labels and status messages are the page's, already
 * translated (data-label-* and data-message-* on the controls): this file holds no visible text.
 */
(function () {
    "use strict";

    if (!("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window) || !window.speechSynthesis) {
        return;
    }

    var controls = document.querySelector(".listen[data-listen-source]");
    if (!controls) {
        return;
    }
    var source = document.getElementById(controls.getAttribute("data-listen-source"));
    var toggle = controls.querySelector("[data-listen-toggle]");
    var stopButton = controls.querySelector("[data-listen-stop]");
    var status = controls.querySelector("[data-listen-status]");
    if (!source || !toggle || !stopButton || !status) {
        return;
    }

    /* Every label and message comes from the page (data-label-* and data-message-* on the controls),
     * where it is translated with the rest of the page: none is written here. */
    function pageText(name, fallback) {
        var value = controls.getAttribute("data-" + name);
        return value === null ? fallback : value;
    }

    var synth = window.speechSynthesis;
    var LABELS = {
        idle: pageText("label-idle", toggle.textContent),
        reading: pageText("label-reading", ""),
        paused: pageText("label-paused", "")
    };
    var MESSAGES = {
        reading: pageText("message-reading", ""),
        paused: pageText("message-paused", ""),
        stopped: pageText("message-stopped", ""),
        finished: pageText("message-finished", ""),
        empty: pageText("message-empty", ""),
        failed: pageText("message-failed", "")
    };
    var MAX_CHUNK = 220; // characters: short enough for every browser to say in one go
    var BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, dt, dd, blockquote, figcaption, caption, th, td, pre, summary, div, section, article, aside, details, ul, ol, dl, table, tr, figure";
    var SKIPPED = "script, style, template, noscript, nav, button, summary, select, textarea, input, video, audio, iframe, svg, [hidden], [aria-hidden='true'], .listen";

    var state = "idle";
    var chunks = [];
    var next = 0;
    var run = 0; // which reading the speech events belong to: a stopped reading's events are ignored

    function isShown(element) {
        if (typeof element.checkVisibility === "function") {
            return element.checkVisibility();
        }
        return element.getClientRects().length > 0;
    }

    function languageOf(element) {
        var withLang = element.closest("[lang]");
        return (withLang && withLang.lang) || document.documentElement.lang || "";
    }

    /* The visible text of the lesson, as [{text, lang}] paragraphs in reading order. */
    function paragraphs() {
        var found = [];
        var current = null;

        function flush() {
            if (current) {
                var text = current.text.replace(/\s+/g, " ").trim();
                if (text) {
                    found.push({ text: text, lang: current.lang });
                }
            }
            current = null;
        }

        function walk(node) {
            if (node.nodeType === Node.TEXT_NODE) {
                var lang = languageOf(node.parentElement);
                if (current && current.lang !== lang) {
                    flush();
                }
                if (!current) {
                    current = { text: "", lang: lang };
                }
                current.text += node.nodeValue;
                return;
            }
            if (node.nodeType !== Node.ELEMENT_NODE || node.matches(SKIPPED) || !isShown(node)) {
                return;
            }
            if (node.tagName === "IMG" && node.alt) {
                flush();
                found.push({ text: node.alt, lang: languageOf(node) });
                return;
            }
            var block = node.matches(BLOCKS);
            if (block) {
                flush();
            }
            // A closed <details> shows only its summary, which is a control: nothing is read.
            if (node.tagName === "DETAILS" && !node.open) {
                return;
            }
            for (var child = node.firstChild; child; child = child.nextSibling) {
                walk(child);
            }
            if (block) {
                flush();
            }
        }

        walk(source);
        flush();
        return found;
    }

    function sentences(text, lang) {
        if (window.Intl && typeof Intl.Segmenter === "function") {
            try {
                var segmenter = new Intl.Segmenter(lang || undefined, { granularity: "sentence" });
                return Array.from(segmenter.segment(text), function (part) { return part.segment; });
            } catch (error) {
                // An unknown language tag: fall back to splitting at full stops.
            }
        }
        return text.match(/[^.!?\u3002]+(?:[.!?\u3002]+["'\u201d\u2019)]*\s*|$)/g) || [text];
    }

    /* Sentences, joined while they stay short; a sentence longer than MAX_CHUNK is cut at spaces. */
    function chunksOf(paragraph) {
        var result = [];
        var buffer = "";
        sentences(paragraph.text, paragraph.lang).forEach(function (sentence) {
            var words = sentence.trim().split(/\s+/);
            words.forEach(function (word, index) {
                var piece = (index === 0 ? "" : " ") + word;
                if (buffer && buffer.length + piece.length + 1 > MAX_CHUNK) {
                    result.push(buffer.trim());
                    buffer = "";
                    piece = word;
                }
                buffer += piece;
            });
            buffer += " ";
        });
        if (buffer.trim()) {
            result.push(buffer.trim());
        }
        return result.map(function (text) { return { text: text, lang: paragraph.lang }; });
    }

    function voiceFor(lang) {
        var voices = synth.getVoices ? synth.getVoices() : [];
        if (!lang || !voices || !voices.length) {
            return null;
        }
        var wanted = lang.toLowerCase().replace(/_/g, "-");
        var primary = wanted.split("-")[0];
        var exact = null;
        var near = null;
        voices.forEach(function (voice) {
            var has = (voice.lang || "").toLowerCase().replace(/_/g, "-");
            if (!exact && has === wanted) {
                exact = voice;
            } else if (!near && has.split("-")[0] === primary) {
                near = voice;
            }
        });
        return exact || near;
    }

    function setState(newState, message) {
        state = newState;
        toggle.textContent = LABELS[state];
        stopButton.hidden = state === "idle";
        controls.classList.toggle("listen--active", state !== "idle");
        if (message !== undefined) {
            status.textContent = message;
        }
    }

    function speakNext(thisRun) {
        if (thisRun !== run || state === "idle") {
            return;
        }
        if (next >= chunks.length) {
            finish(MESSAGES.finished);
            return;
        }
        var chunk = chunks[next];
        next += 1;
        var utterance = new SpeechSynthesisUtterance(chunk.text);
        utterance.lang = chunk.lang;
        var voice = voiceFor(chunk.lang);
        if (voice) {
            utterance.voice = voice;
        }
        utterance.addEventListener("end", function () {
            speakNext(thisRun);
        });
        utterance.addEventListener("error", function (event) {
            if (thisRun !== run || event.error === "interrupted" || event.error === "canceled") {
                return;
            }
            finish(MESSAGES.failed);
        });
        synth.speak(utterance);
    }

    function start() {
        chunks = [];
        paragraphs().forEach(function (paragraph) {
            chunks = chunks.concat(chunksOf(paragraph));
        });
        next = 0;
        run += 1;
        synth.cancel();
        if (!chunks.length) {
            setState("idle", MESSAGES.empty);
            return;
        }
        setState("reading", MESSAGES.reading);
        speakNext(run);
    }

    function finish(message) {
        run += 1;
        synth.cancel();
        if (document.activeElement === stopButton) {
            toggle.focus(); // the Stop button is about to be hidden: keep the focus in the controls
        }
        setState("idle", message);
    }

    toggle.addEventListener("click", function () {
        if (state === "idle") {
            start();
        } else if (state === "reading") {
            synth.pause();
            setState("paused", MESSAGES.paused);
        } else {
            synth.resume();
            setState("reading", MESSAGES.reading);
        }
    });

    stopButton.addEventListener("click", function () {
        finish(MESSAGES.stopped);
    });

    // Leaving the page (or putting it in the back-forward cache) stops the reading.
    window.addEventListener("pagehide", function () {
        run += 1;
        synth.cancel();
        setState("idle", "");
    });

    setState("idle", "");
    controls.hidden = false;
})();
