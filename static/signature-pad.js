/* The kiosk's signature pad: draw on canvas.signature-pad with a finger, pen or mouse; the drawing goes into the
   form's hidden "signature" field as a PNG data URL after each stroke. Delegated from document, so it works on
   canvases that htmx swaps in. No dependencies. */
(function () {
  "use strict";
  if (window.floorhrSignaturePad) return; // loaded again by a boosted page swap: the listeners exist already
  window.floorhrSignaturePad = true;
  var drawing = null;
  function point(canvas, event) {
    var box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
  }
  function field(canvas) { return canvas.closest("form").querySelector("input[name=signature]"); }
  document.addEventListener("pointerdown", function (event) {
    var canvas = event.target.closest && event.target.closest("canvas.signature-pad");
    if (!canvas) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    var context = canvas.getContext("2d");
    context.lineWidth = 4; context.lineCap = "round"; context.lineJoin = "round"; context.strokeStyle = "#111";
    var start = point(canvas, event);
    context.beginPath(); context.moveTo(start[0], start[1]);
    drawing = { canvas: canvas, context: context };
  });
  document.addEventListener("pointermove", function (event) {
    if (!drawing) return;
    var at = point(drawing.canvas, event);
    drawing.context.lineTo(at[0], at[1]); drawing.context.stroke();
  });
  function finish() {
    if (!drawing) return;
    field(drawing.canvas).value = drawing.canvas.toDataURL("image/png");
    drawing = null;
  }
  document.addEventListener("pointerup", finish);
  document.addEventListener("pointercancel", finish);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-signature-clear]");
    if (!button) return;
    var canvas = button.closest("form").querySelector("canvas.signature-pad");
    canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
    field(canvas).value = "";
  });
})();
