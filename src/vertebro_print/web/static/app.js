// Small enhancements of a page that works without them:
// - the language search filters as staff type (without JS it is a plain GET search);
// - choosing a language marks the handouts it cannot print yet and shows their titles in
//   that language (without JS the server does both for the language in the URL, and says
//   so when the form is sent);
// - English as a second language is offered only when the first is not English.
"use strict";

(function () {
  const search = document.getElementById("language-search");
  const box = document.getElementById("q");
  const count = document.getElementById("match-count");
  const languages = Array.from(document.querySelectorAll("li.language"));
  const radios = Array.from(document.querySelectorAll('input[name="lang"]'));
  const handouts = Array.from(document.querySelectorAll('input[name="handout"]'));
  const withEnglish = document.getElementById("with");

  // The same folding as the server's pages.fold(): no accents, no case.
  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function filter() {
    const wanted = fold(box.value.trim());
    let shown = 0;
    for (const item of languages) {
      const match = !wanted || item.dataset.search.includes(wanted);
      item.hidden = !match;
      if (match) shown += 1;
    }
    count.textContent = `${shown} of ${languages.length} languages shown`;
  }

  function visibleChoices() {
    return radios.filter((r) => !r.disabled && !r.closest("li").hidden);
  }

  function chosenLanguage() {
    return radios.find((r) => r.checked);
  }

  function updateHandouts() {
    const lang = chosenLanguage();
    if (!lang) return;
    const ready = new Set(lang.dataset.ready.split(" "));
    const titles = JSON.parse(lang.dataset.titles);
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
    }
    if (withEnglish) {
      withEnglish.disabled = source;
      if (withEnglish.disabled) withEnglish.checked = false;
    }
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
    filter();
  }
  for (const radio of radios) radio.addEventListener("change", updateHandouts);
  updateHandouts();
})();
