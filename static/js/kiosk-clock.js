// The kiosk's clock in the plant's time zone (the page says which), whatever zone the kiosk PC's browser is in,
// so it agrees with the punch card; and the scanner's input kept focused unless another field asks for the keyboard.
(function () {
  var clock = document.getElementById("kiosk-clock");
  var format = new Intl.DateTimeFormat("zh-CN", {
    timeZone: clock.dataset.zone, hour: "2-digit", minute: "2-digit", hour12: false
  });
  function tick() {
    var active = document.activeElement;
    var scan = document.getElementById("scan-text");
    if (scan && (!active || active === document.body)) scan.focus();
    clock.textContent = format.format(new Date());
  }
  tick();
  setInterval(tick, 500);
})();
