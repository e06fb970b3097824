// floorhr's few behaviours, declared in the markup with data attributes so no page needs inline script
// (the Content-Security-Policy allows scripts from /static only):
//   data-print              a button that prints the page
//   data-autosubmit         a select that submits its form when changed
//   data-confirm="text"     a form that asks before it is sent
//   data-month-path="/x/"   a month form that goes to /x/YYYY-MM
//   data-reset-after        an HTMX form emptied after each request (the kiosk's scanner input)
//   data-keep-focus         the input a scanner types into, focused again whenever nothing else is
//   data-enter-moves-to=ID  a scanner's Enter moves on to that field instead of sending the form
//   data-idle-submit=S      a form sent after S seconds without a touch (a kiosk visit closes itself)
//   data-progress=ID        an HTMX form whose request, once sent, starts the element ID polling its progress
(function () {
  document.addEventListener("keydown", function (event) {
    var target = event.target.closest && event.target.closest("[data-enter-moves-to]");
    if (target && event.key === "Enter") {
      event.preventDefault();
      document.getElementById(target.dataset.enterMovesTo).focus();
    }
  });
  var idleForm = document.querySelector("form[data-idle-submit]");
  if (idleForm) {
    var idle = 0;
    ["click", "keydown", "touchstart", "scroll", "input"].forEach(function (name) {
      document.addEventListener(name, function () { idle = 0; }, true);
    });
    setInterval(function () {
      idle += 1;
      if (idle >= Number(idleForm.dataset.idleSubmit)) idleForm.submit();
    }, 1000);
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) field.form.requestSubmit();
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
    if (form.dataset.monthPath && form.elements.month) form.action = form.dataset.monthPath + form.elements.month.value;
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-progress]");
    var live = form && event.target === form && document.getElementById(form.dataset.progress);
    if (live && window.htmx) window.htmx.trigger(live, "progress-start");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-reset-after]");
    if (form) form.reset();
  });
  setInterval(function () {
    var keep = document.querySelector("[data-keep-focus]");
    var active = document.activeElement;
    if (keep && (!active || active === document.body)) keep.focus();
  }, 500);
})();
