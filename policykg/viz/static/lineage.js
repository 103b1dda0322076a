(function () {
  var ui = window.pkgUI, D = ui.data, el = ui.el, open = {};
  var tasks = {};
  Object.keys(D.folded).forEach(function (p) {
    D.folded[p][2].forEach(function (t) { tasks[t[0]] = [p, t[1], t[2], t[3]]; });
  });
  function docOf(id) {
    if (D.docs[id]) { return D.docs[id].doc_number; }
    return D.sections[id] ? D.sections[id][2] : '';
  }
  function docLines(d) {
    var lines = [d.doc_number || d.title];
    if (d.doc_number) { lines.push(d.title); }
    lines.push(d.level + (d.status === 'unresolved' ? '（未收录 not loaded）' : ''));
    if (d.type || d.date) { lines.push([d.type, d.date].join(' ')); }
    if (d.issuer) { lines.push('发文 issuer：' + d.issuer); }
    if (d.task_count) { lines.push('任务 tasks：' + d.task_count); }
    return lines.filter(function (x) { return x; });
  }
  var columnOf = {};
  D.columns.forEach(function (c) { c[2].forEach(function (item) { columnOf[item[0]] = c; }); });
  function grid(id, y, x, moves) {
    // the tasks of an unfolded item in a grid from y down ([columns, x step, y step]: a square
    // with its number under it takes a y step); returns the y of the next item
    var n = D.taskGrid[0], dx = D.taskGrid[1], dy = D.taskGrid[2];
    D.folded[id][0].forEach(function (t, k) {
      moves.push({id: t.id, x: x + (k % n - (n - 1) / 2) * dx,
                  y: y - D.row / 2 + 10 + Math.floor(k / n) * dy});
    });
    return y + Math.ceil(D.folded[id][0].length / n) * dy;
  }
  function stack(c, offset, moves) {
    // one column stacked again, each unfolded item followed by its tasks; returns its bottom
    var y = c[1] + offset;
    c[2].forEach(function (item) {
      var id = item[0];
      if (item[2] !== 'head') {
        moves.push({id: id, x: item[1], y: y});
        y += D.docs[id] ? 2 * D.docHalf : D.row;
      }
      if (open[id]) { y = grid(id, y, c[0], moves); }
    });
    return y - D.row / 2;
  }
  function restack() {
    // every column stacked again; a shelf of documents moves down by what those above grew
    var offset = 0, moves = [];
    D.shelves.forEach(function (shelf, s) {
      var lowest = shelf[1] + offset;
      shelf[2].forEach(function (doc) { moves.push({id: doc, y: shelf[0] + offset}); });
      D.columns.forEach(function (c) {
        if (c[3] === s) { lowest = Math.max(lowest, stack(c, offset, moves)); }
      });
      offset = lowest - shelf[1];
    });
    nodes.update(moves);
  }
  function toggle(id) {
    var f = D.folded[id];
    if (!f) { return; }
    if (open[id]) {
      edges.remove(f[1].map(function (e) { return e.id; }));
      nodes.remove(f[0].map(function (n) { return n.id; }));
    } else {
      nodes.add(f[0]); edges.add(f[1]);
    }
    open[id] = !open[id];
    note();
    if (columnOf[id]) { restack(); return; }
    // a document of an upper row: its tasks under it
    var at = network.getPositions([id])[id], moves = [];
    if (open[id]) { grid(id, at.y + 2 * D.docHalf, at.x, moves); nodes.update(moves); }
  }
  function taskItems(id) {
    var f = D.folded[id];
    return f ? f[2].map(function (t) {
      return [docOf(id) + ' ' + t[1] + (t[3] ? ' · ' + t[3] : ' · 无责任单位 no agency named'), t[2]];
    }) : [];
  }
  function show(id) {
    if (D.docs[id]) {
      var d = D.docs[id], lines = docLines(d);
      ui.showPanel(lines[0], lines.slice(1).map(function (l) { return ['', l]; }), taskItems(id));
    } else if (D.sections[id]) {
      var s = D.sections[id];
      ui.showPanel(s[0] + s[1], [['文件 document', s[2]]].concat(
        s[3] ? [['落实条款 implements', s[3]]] : []), taskItems(id));
    } else if (tasks[id]) {
      var t = tasks[id];
      ui.showPanel(docOf(t[0]) + ' ' + t[1], t[3] ? [['责任单位 agencies', t[3]]] : [],
                   [['任务 task', t[2]]]);
    } else if (D.proposals[id]) {
      ui.showPanel(D.proposals[id], [], []);
    }
  }
  network.on('hoverNode', function (p) {
    var id = p.node, lines;
    if (D.docs[id]) { lines = docLines(D.docs[id]); }
    else if (D.sections[id]) {
      var s = D.sections[id], n = D.folded[id] ? D.folded[id][2].length : 0;
      lines = [s[0] + s[1], s[2], s[3] ? '落实 implements ' + s[3] : '',
               n ? n + ' 项任务 tasks（点击展开 click to unfold）' : ''];
    } else if (tasks[id]) {
      var t = tasks[id];
      lines = [docOf(t[0]) + ' ' + t[1], t[3], t[2].length > 160 ? t[2].slice(0, 160) + '…' : t[2]];
    } else { lines = [D.proposals[id]]; }
    ui.showTip(lines.filter(function (x) { return x; }), p.pointer.DOM);
  });
  network.on('click', function (p) {
    if (!p.nodes.length) { return; }
    show(p.nodes[0]);
    toggle(p.nodes[0]);
  });
  document.getElementById('pkg-unfold').addEventListener('click', function () {
    Object.keys(D.folded).forEach(function (id) { if (!open[id]) { toggle(id); } });
  });
  document.getElementById('pkg-fold').addEventListener('click', function () {
    Object.keys(D.folded).forEach(function (id) { if (open[id]) { toggle(id); } });
  });
  function note() {
    // says how many groups of tasks are unfolded, so the text follows every click
    var all = Object.keys(D.folded).length;
    var shown = Object.keys(open).filter(function (k) { return open[k]; }).length;
    var state = shown === 0 ? '全部折叠 all folded' : shown === all ? '全部展开 all unfolded'
      : shown + ' / ' + all + ' 组展开 groups unfolded';
    document.getElementById('pkg-note').textContent = Object.keys(D.docs).length +
      ' 个文件 documents · ' + Object.keys(tasks).length + ' 项任务 tasks · ' + state;
  }
  note();
  var legend = document.getElementById('pkg-legend');
  legend.appendChild(el('h3', null, '图例 Legend'));
  Object.keys(D.docStyle).forEach(function (k) {
    var s = D.docStyle[k], row = el('div', 'pkg-row'), box = el('span', 'pkg-dot');
    box.style.background = s[1]; box.style.width = '18px'; box.style.height = '12px';
    box.style.borderRadius = '2px';
    row.appendChild(box); row.appendChild(el('span', null, s[0]));
    legend.appendChild(row);
  });
  Object.keys(D.relations).forEach(function (k) {
    var s = D.relations[k], row = el('div', 'pkg-row'), line = el('span', 'pkg-line');
    line.style.borderTop = s[2] + 'px ' + (s[3] ? 'dashed ' : 'solid ') + s[1];
    row.appendChild(line); row.appendChild(el('span', null, s[0]));
    legend.appendChild(row);
  });
  legend.appendChild(el('div', null, '浅蓝框 = 章节，灰方块 = 任务（点击章节展开）'));
  legend.appendChild(el('div', null, 'light boxes = sections, grey squares = tasks (click to unfold)'));
  ui.showPanel('点击文件或章节', [['click a document or section', 'to list its tasks']], []);
})();
