/* "What I saw": keeps the note in this browser's own storage (localStorage), and nowhere else.
 *
 * Nothing here talks to the server: no fetch, no XMLHttpRequest, no beacon, and the form is never
 * submitted (its fields have no name, and a submit is stopped). The note is saved as it is typed,
 * put back when the page is opened again, printed with the browser's own print, and cleared after
 * a confirmation. Without this script the page is a form to print and fill in by hand.
 *
 * Every message shown comes from the page (data-message-* on the form), where it is translated:
 * this file holds no visible text.
 */
(function () {
    "use strict";

    var STORAGE_KEY = "eyesandears:what-i-saw";
    var MAX_ROWS = 60;

    var form = document.querySelector("form[data-what-i-saw]");
    if (!form) {
        return;
    }
    var fields = Array.prototype.slice.call(form.querySelectorAll("[data-note-field]"));
    var saved = form.querySelector("[data-what-i-saw-saved]");
    var status = form.querySelector("[data-what-i-saw-status]");
    var actions = form.querySelector("[data-what-i-saw-actions]");
    var printButton = form.querySelector("[data-what-i-saw-print]");
    var clearButton = form.querySelector("[data-what-i-saw-clear]");
    var confirmPanel = form.querySelector("[data-what-i-saw-confirm]");
    var confirmHeading = confirmPanel ? confirmPanel.querySelector("[tabindex='-1']") : null;
    var yesButton = form.querySelector("[data-what-i-saw-confirm-yes]");
    var noButton = form.querySelector("[data-what-i-saw-confirm-no]");

    function message(name) {
        return form.getAttribute("data-message-" + name) || "";
    }

    function say(text) {
        status.textContent = text;
    }

    /* localStorage can be missing or refuse writes (private windows, storage turned off, full). */
    function openStorage() {
        try {
            var storage = window.localStorage;
            var probe = STORAGE_KEY + ":probe";
            storage.setItem(probe, "1");
            storage.removeItem(probe);
            return storage;
        } catch (error) {
            return null;
        }
    }

    var storage = openStorage();

    function readNote() {
        if (!storage) {
            return {};
        }
        try {
            var note = JSON.parse(storage.getItem(STORAGE_KEY) || "{}");
            return note && typeof note === "object" ? note : {};
        } catch (error) {
            return {};
        }
    }

    function currentNote() {
        var note = {};
        fields.forEach(function (field) {
            if (field.value) {
                note[field.id] = field.value;
            }
        });
        return note;
    }

    function save() {
        if (!storage) {
            return;
        }
        var note = currentNote();
        try {
            if (Object.keys(note).length) {
                storage.setItem(STORAGE_KEY, JSON.stringify(note));
            } else {
                storage.removeItem(STORAGE_KEY);
            }
        } catch (error) {
            say(message("unavailable"));
        }
    }

    /* A text box grows with what is in it, so that all of it shows on screen and on paper. Rows,
     * not a style: the page's content security policy allows no inline styles. */
    function grow(field) {
        if (field.tagName !== "TEXTAREA") {
            return;
        }
        var base = parseInt(field.getAttribute("data-rows") || field.getAttribute("rows") || "2", 10);
        field.setAttribute("data-rows", String(base));
        field.rows = base;
        while (field.scrollHeight > field.clientHeight && field.rows < MAX_ROWS) {
            field.rows += 1;
        }
    }

    function restore() {
        var note = readNote();
        var restored = false;
        fields.forEach(function (field) {
            if (typeof note[field.id] === "string") {
                field.value = note[field.id];
                restored = true;
            }
        });
        return restored;
    }

    function showConfirm() {
        confirmPanel.hidden = false;
        clearButton.setAttribute("aria-expanded", "true");
        (confirmHeading || yesButton).focus();
    }

    function hideConfirm() {
        confirmPanel.hidden = true;
        clearButton.setAttribute("aria-expanded", "false");
    }

    function clearNote() {
        if (storage) {
            try {
                storage.removeItem(STORAGE_KEY);
            } catch (error) {
                /* nothing was kept, so there is nothing to remove */
            }
        }
        fields.forEach(function (field) {
            field.value = "";
            grow(field);
        });
        hideConfirm();
        say(message("cleared"));
        if (fields.length) {
            fields[0].focus();
        }
    }

    form.addEventListener("submit", function (event) {
        event.preventDefault();
    });
    form.addEventListener("input", function (event) {
        if (event.target.hasAttribute("data-note-field")) {
            grow(event.target);
            save();
        }
    });
    printButton.addEventListener("click", function () {
        window.print();
    });
    clearButton.addEventListener("click", function () {
        if (confirmPanel.hidden) {
            showConfirm();
        } else {
            hideConfirm();
        }
    });
    yesButton.addEventListener("click", clearNote);
    noButton.addEventListener("click", function () {
        hideConfirm();
        clearButton.focus();
    });
    window.addEventListener("beforeprint", function () {
        fields.forEach(grow);
    });

    if (restore()) {
        say(message("restored"));
    }
    fields.forEach(grow);
    if (storage) {
        saved.textContent = message("saved");
    } else {
        saved.textContent = message("unavailable");
    }
    saved.hidden = false;
    clearButton.setAttribute("aria-expanded", "false");
    actions.hidden = false;
}());
