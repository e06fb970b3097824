/* Kiosk onboarding: after two minutes without a touch or a key, go back to the clocking page, so a worker
   who walked away does not leave their details on screen. Every finished step is saved: scanning the
   invitation slip again resumes where they were. */
(function () {
  if (window.floorhrOnboardingIdle) { window.floorhrOnboardingIdle(); return; }
  var LIMIT_MS = 120000, timer = null;
  function reset() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (document.getElementById("onboarding-step") || document.getElementById("apply-step")) { window.location.assign("/kiosk"); }
    }, LIMIT_MS);
  }
  ["pointerdown", "keydown", "input"].forEach(function (name) { document.addEventListener(name, reset, true); });
  document.addEventListener("htmx:afterSwap", reset);
  window.floorhrOnboardingIdle = reset;
  reset();
})();
