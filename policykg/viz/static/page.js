window.pkgUI = (function () {
  var data = JSON.parse(document.getElementById('pkg-data').textContent);
  var tip = document.getElementById('pkg-tip');
  var panel = document.getElementById('pkg-panel');
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function showTip(lines, pointer) {
    tip.replaceChildren();
    lines.forEach(function (line) { tip.appendChild(el('div', 'pkg-tipline', line)); });
    tip.style.left = (pointer.x + 16) + 'px';
    tip.style.top = (pointer.y + 60) + 'px';
    tip.style.display = 'block';
  }
  function hideTip() { tip.style.display = 'none'; }
  function showPanel(title, fields, items) {
    panel.replaceChildren();
    panel.appendChild(el('h2', 'pkg-title', title));
    var f = el('div', 'pkg-fields');
    fields.forEach(function (kv) {
      f.appendChild(el('div', 'pkg-field', kv[0] ? kv[0] + '：' + kv[1] : kv[1]));
    });
    panel.appendChild(f);
    items.forEach(function (item) {
      var row = el('div', 'pkg-item');
      row.appendChild(el('div', 'pkg-head', item[0]));
      row.appendChild(el('div', 'pkg-text', item[1]));
      panel.appendChild(row);
    });
    return panel;
  }
  network.on('blurNode', hideTip);
  network.on('dragStart', hideTip);
  network.on('zoom', hideTip);
  network.on('click', hideTip);  // the panel now says what the tooltip said
  // vis drew once inside drawGraph(), before this script ran: draw again to mark the page ready
  network.once('afterDrawing', function () { window.pkgReady = performance.now(); });
  // fit the precomputed layout to the canvas as it is now (the side panel narrows it)
  network.fit({animation: false});
  // vis reports a new canvas size after the window's resize event, then rescales the view
  // itself: fit once it is done
  network.on('resize', function () {
    setTimeout(function () { network.fit({animation: false}); }, 0);
  });
  return {data: data, el: el, showTip: showTip, hideTip: hideTip, showPanel: showPanel,
          panel: panel};
})();
