'use strict';
// Accessible names for the admin's autocomplete fields (loaded on every admin page).
//
// Django's bundled select2 (4.0.13) leaves its search fields and result lists without a name,
// names a single select only by its current value (nothing at all when it is empty), and puts
// a <span> "clear" button straight inside a <ul>. This gives every select2 part the name of
// its field: the field's <label>, or in a tabular inline the column heading. A
// MutationObserver catches select2 instances made later (rows added with "Add another", a
// dropdown opened, a selection re-rendered); the select2:open and formset:added events are
// handled too, for clarity. No inline code: the site's CSP allows scripts from 'self' only.
{
    let counter = 0;

    function ensureId(element) {
        if (!element.id) {
            counter += 1;
            element.id = 'manumit-a11y-' + counter;
        }
        return element.id;
    }

    function setAttr(element, name, value) {
        if (element && element.getAttribute(name) !== value) {
            element.setAttribute(name, value);
        }
    }

    // The element that names a form control: its <label for>, or its column's heading.
    function labelFor(control) {
        if (control.id) {
            const label = document.querySelector('label[for="' + CSS.escape(control.id) + '"]');
            if (label) {
                return label;
            }
        }
        const cell = control.closest('td');
        const table = cell && cell.closest('table');
        const field = cell && Array.from(cell.classList).find((name) => name.startsWith('field-'));
        if (table && field) {
            const column = 'column-' + field.slice('field-'.length);
            return table.querySelector('thead th.' + CSS.escape(column));
        }
        return null;
    }

    // Name `element` by the label element, or by text where there is none.
    function name(element, label, fallback, extraIds) {
        if (!element) {
            return;
        }
        if (label) {
            setAttr(element, 'aria-labelledby', [ensureId(label)].concat(extraIds || []).join(' '));
        } else {
            element.removeAttribute('aria-labelledby');
            setAttr(element, 'aria-label', fallback);
        }
    }

    function selectFor(container) {
        const select = container.previousElementSibling;
        return select && select.tagName === 'SELECT' ? select : null;
    }

    function labelSelection(container) {
        const select = selectFor(container);
        if (!select) {
            return;
        }
        const label = labelFor(select);
        const fallback = select.getAttribute('aria-label') || select.name;
        const selection = container.querySelector('.select2-selection');
        const rendered = container.querySelector('.select2-selection__rendered');
        if (selection && selection.classList.contains('select2-selection--single') && rendered) {
            // "Person Remco E. Breuker", and "Person" while nothing is chosen.
            name(selection, label, fallback, label && rendered.id ? [rendered.id] : []);
            name(rendered, label, fallback);
        } else {
            name(selection, label, fallback);
        }
        name(container.querySelector('.select2-search__field'), label, fallback);
    }

    // An open dropdown (moved to the end of <body>): its search field and its result list.
    function labelDropdown(dropdown) {
        const results = dropdown.querySelector('.select2-results__options');
        const match = results && /^select2-(.+)-results$/.exec(results.id);
        const select = match && document.getElementById(match[1]);
        if (!select) {
            return;
        }
        const label = labelFor(select);
        const fallback = select.getAttribute('aria-label') || select.name;
        name(results, label, fallback);
        name(dropdown.querySelector('.select2-search__field'), label, fallback);
    }

    // select2's "clear" button is a mouse-only "×" (the keyboard clears with Backspace). Keep
    // it out of the field's name: Chrome reads even aria-hidden text through aria-labelledby,
    // so the stylesheet draws the "×" with empty alternative text. A <ul> may hold only <li>:
    // wrap the one in a list.
    function fixClearButtons(root) {
        root.querySelectorAll('.select2-selection__clear').forEach((clear) => {
            setAttr(clear, 'aria-hidden', 'true');
            if (clear.textContent) {
                clear.textContent = '';
                clear.classList.add('manumit-select2-clear-icon');
            }
            if (clear.parentElement.tagName === 'UL') {
                const item = document.createElement('li');
                item.className = 'manumit-select2-clear';
                clear.replaceWith(item);
                item.appendChild(clear);
            }
        });
    }

    // An open combobox must say which list it controls (ARIA 1.2); select2 sets only aria-owns.
    function syncControls() {
        document.querySelectorAll('.select2-selection[aria-owns]').forEach((selection) => {
            setAttr(selection, 'aria-controls', selection.getAttribute('aria-owns'));
        });
    }

    function labelAll() {
        document.querySelectorAll('.select2-container .selection').forEach((selection) => {
            labelSelection(selection.parentElement);
        });
        document.querySelectorAll('.select2-dropdown').forEach(labelDropdown);
        fixClearButtons(document);
        syncControls();
    }

    let pending = false;
    function labelSoon() {
        if (!pending) {
            pending = true;
            queueMicrotask(() => {
                pending = false;
                labelAll();
            });
        }
    }

    function start() {
        labelAll();
        new MutationObserver(labelSoon).observe(document.body, {
            childList: true,
            subtree: true,
            attributeFilter: ['aria-owns'],
        });
        document.addEventListener('formset:added', labelSoon);
        if (window.django && window.django.jQuery) {
            // select2 triggers its events through jQuery, not as DOM events.
            window.django.jQuery(document).on('select2:open', labelAll);
        }
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}
