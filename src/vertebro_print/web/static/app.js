// Small enhancements of a page that works without them:
// - the language search filters as staff type (without JS it is a plain GET search);
// - choosing a language marks the handouts it cannot print yet and shows their titles in
//   that language (without JS the server does both for the language in the URL, and says
//   so when the form is sent);
// - English as a second language is offered only when the first is not English;
// - the chosen language (even one the search hides) and what each button will make are
//   kept up to date (without JS the server writes them for the choice it was sent);
// - a preview that arrives is focused (without JS the #preview fragment scrolls to it);
// - the page never shows one choice while its buttons would send another: the choices are not
//   restored by the browser (autocomplete="off" in the template), the labels are written
//   again whenever the page is shown (Back, Forward, reload, the back-forward cache), and the
//   patient fields and a personalised preview are emptied when the page is left, so the next
//   patient never finds the last one's appointment on the page.
"use strict";

(function () {
  const search = document.getElementById("language-search");
  const box = document.getElementById("q");
  const count = document.getElementById("match-count");
  const languages = Array.from(document.querySelectorAll("li.language"));
  // The choosing form's own fields only: the preview's form repeats them as hidden fields,
  // which must never be ticked, disabled or read as the choice.
  const choices = document.getElementById("choices");
  const radios = Array.from(choices.querySelectorAll('input[name="lang"]'));
  const handouts = Array.from(choices.querySelectorAll('input[name="handout"]'));
  const patientFields = Array.from(choices.querySelectorAll("[data-patient]"));
  const withEnglish = document.getElementById("with");
  const chosenLine = document.getElementById("chosen-language");
  const making = Array.from(document.querySelectorAll("[data-making]"));

  // The same folding as the server's i18n/names.py fold(): no case, no accents (nonspacing
  // marks), punctuation as spaces.
  function fold(text) {
    return text
      .normalize("NFKD")
      .toLowerCase()
      .replace(/\p{Mn}/gu, "")
      .replace(/[^\p{L}\p{N}\p{M}]+/gu, " ")
      .trim();
  }

  // Every word typed occurs among the language's names (names.matches on the server).
  function filter() {
    const words = fold(box.value).split(" ").filter(Boolean);
    let shown = 0;
    for (const item of languages) {
      const match = words.every((word) => item.dataset.search.includes(word));
      item.hidden = !match;
      if (match) shown += 1;
    }
    count.textContent = `${shown} of ${languages.length} languages shown`;
    showChoice();
  }

  // The chosen language, outside the list, and what the buttons will make: the same words
  // as the server's (home.html.j2, pages.making()).
  function showChoice() {
    const lang = chosenLanguage();
    const handout = handouts.find((h) => h.checked);
    const part = (name) => chosenLine.querySelector(`[data-chosen="${name}"]`);
    part("none").hidden = Boolean(lang);
    part("some").hidden = !lang;
    if (lang) {
      const name = part("name");
      name.textContent = lang.dataset.native;
      name.lang = lang.dataset.tag;
      name.dir = lang.dataset.dir;
      const english = lang.dataset.native === lang.dataset.name ? "" : `– ${lang.dataset.name}`;
      part("english").textContent = english;
      part("hidden").hidden = !lang.closest("li").hidden;
    }
    const text =
      `${lang ? lang.dataset.name : "No language chosen"} · ` +
      `${handout ? handout.dataset.title : "no handout chosen"}`;
    for (const span of making) span.textContent = text;
  }

  function visibleChoices() {
    return radios.filter((r) => !r.disabled && !r.closest("li").hidden);
  }

  function chosenLanguage() {
    return radios.find((r) => r.checked);
  }

  function updateHandouts() {
    const lang = chosenLanguage();
    if (!lang) return showChoice();
    const ready = new Set(lang.dataset.ready.split(" "));
    const titles = JSON.parse(lang.dataset.titles);
    const reviews = JSON.parse(lang.dataset.reviews);
    const badges = JSON.parse(document.querySelector("[data-badges]").dataset.badges);
    const source = "source" in lang.dataset;
    for (const handout of handouts) {
      const ok = ready.has(handout.value);
      handout.disabled = !ok;
      if (!ok) handout.checked = false;
      const note = document.querySelector(`[data-note-for="${handout.value}"]`);
      note.textContent = ok ? "" : `Not ready in ${lang.dataset.name} yet`;
      // The title in the patient's language, to show them before printing.
      const title = document.querySelector(`[data-title-for="${handout.value}"]`);
      title.textContent = source ? "" : titles[handout.value] || "";
      title.lang = lang.dataset.tag;
      title.dir = lang.dataset.dir;
      // Whether a medical translator approved every string of this handout in the language.
      const badge = document.querySelector(`[data-badge-for="${handout.value}"]`);
      const review = reviews[handout.value] || "";
      badge.textContent = badges[review] || "";
      badge.className = `badge badge-${review}`;
      badge.hidden = !badges[review];
    }
    if (withEnglish) {
      withEnglish.disabled = source;
      if (withEnglish.disabled) withEnglish.checked = false;
    }
    showChoice();
  }

  // Everything the page says, from the fields as they are now.
  function refresh() {
    if (box && search) filter();
    updateHandouts();
  }

  if (box && search) {
    box.addEventListener("input", filter);
    // Enter in the search box: choose the language if only one matches, else go to the first.
    search.addEventListener("submit", (event) => {
      event.preventDefault();
      filter();
      const choices = visibleChoices();
      if (choices.length === 1) {
        choices[0].checked = true;
        updateHandouts();
      }
      if (choices.length) choices[0].focus();
    });
  }
  for (const radio of radios) radio.addEventListener("change", updateHandouts);
  for (const handout of handouts) handout.addEventListener("change", showChoice);
  refresh();
  // pageshow comes after the browser has put back whatever it restores (and again when the
  // back-forward cache shows the page), so the labels follow the fields, not the reverse.
  window.addEventListener("pageshow", refresh);
  // Leaving the page (a form sent, a link, Back): its form data is already on its way, so the
  // patient's details can go. A personalised preview shows them too, and goes with them.
  window.addEventListener("pagehide", () => {
    for (const field of patientFields) field.value = "";
    const personal = document.querySelector("#preview[data-personalised]");
    if (personal) personal.remove();
  });

  // A preview that arrives (#preview: plain or with the appointment) gets the focus, so
  // keyboard and screen reader users land on it too.
  const preview = document.getElementById("preview");
  if (preview && window.location.hash === "#preview") preview.focus();
})();
