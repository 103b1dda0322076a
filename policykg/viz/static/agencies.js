(function () {
  var ui = window.pkgUI, D = ui.data, el = ui.el;
  function total(a) { return a.c.reduce(function (s, x) { return s + x; }, 0); }
  function typeName(a) { var t = D.types[a.t]; return t[0] + ' ' + t[1]; }
  function agencyLines(a) {
    var lines = [a.n, '区县 district：' + a.d, '类型 type：' + typeName(a),
                 '任务 tasks：' + total(a)];
    D.roles.forEach(function (r, i) {
      if (a.c[i]) { lines.push(r[1] + ' ' + r[0] + '：' + a.c[i]); }
    });
    return lines;
  }
  function showAgency(id) {
    var a = D.agencies[id];
    var fields = [['区县 district', a.d], ['类型 type', typeName(a)], ['任务 tasks', total(a)]];
    D.roles.forEach(function (r, i) { if (a.c[i]) { fields.push([r[1] + ' ' + r[0], a.c[i]]); } });
    fields.push(['文件 documents', a.k]);
    var items = a.tasks.map(function (p) {
      var t = D.tasks[p[0]];
      return [t[0] + ' · 第' + t[1] + '项 · ' + D.roles[p[1]][1], t[2]];
    });
    ui.showPanel(a.n, fields, items).dataset.agency = id;
  }
  function taskAgencies(ti) {
    var out = [];
    Object.keys(D.agencies).forEach(function (id) {
      D.agencies[id].tasks.forEach(function (p) {
        if (p[0] === ti) { out.push([D.agencies[id].n, D.roles[p[1]][1]]); }
      });
    });
    return out;
  }
  function showTask(ti) {
    var t = D.tasks[ti];
    var items = taskAgencies(ti).map(function (x) { return [x[1], x[0]]; });
    items.unshift(['任务内容 text', t[2]]);
    ui.showPanel(t[0] + ' 第' + t[1] + '项', [], items);
  }
  network.on('hoverNode', function (p) {
    var a = D.agencies[p.node];
    if (a) { ui.showTip(agencyLines(a), p.pointer.DOM); return; }
    var t = D.tasks[D.taskNodes[p.node]];
    var text = t[2].length > 160 ? t[2].slice(0, 160) + '…' : t[2];
    ui.showTip([t[0] + ' 第' + t[1] + '项', text], p.pointer.DOM);
  });
  network.on('hoverEdge', function (p) {
    var e = edges.get(p.edge);
    if (e.w) {
      ui.showTip([D.agencies[e.from].n + ' — ' + D.agencies[e.to].n,
                  '共同任务 shared tasks：' + e.w], p.pointer.DOM);
    }
  });
  network.on('blurEdge', ui.hideTip);
  network.on('click', function (p) {
    if (!p.nodes.length) { return; }
    var id = p.nodes[0];
    if (D.agencies[id]) { showAgency(id); } else { showTask(D.taskNodes[id]); }
  });
  var select = document.getElementById('pkg-district');
  D.districts.forEach(function (d) {
    var o = el('option', null, d); o.value = d; select.appendChild(o);
  });
  select.addEventListener('change', function () {
    var v = select.value;
    nodes.update(Object.keys(D.agencies).map(function (id) {
      return {id: id, hidden: v !== '' && D.agencies[id].d !== v};
    }));
  });
  var search = document.getElementById('pkg-search');
  search.addEventListener('input', function () {
    var q = search.value.trim();
    if (!q) { network.unselectAll(); return; }
    var ids = Object.keys(D.agencies).filter(function (id) {
      return D.agencies[id].n.indexOf(q) >= 0;
    });
    network.selectNodes(ids);
    if (ids.length) { network.fit({nodes: ids, animation: false}); }
    if (ids.length === 1) { showAgency(ids[0]); return; }
    var panel = ui.showPanel('搜索 search：' + q, [['匹配 matches', ids.length]], []);
    ids.slice(0, 200).forEach(function (id) {
      var b = el('button', 'pkg-match', D.agencies[id].n + '（' + D.agencies[id].d + '）');
      b.addEventListener('click', function () { showAgency(id); });
      panel.appendChild(b);
    });
  });
  var legend = document.getElementById('pkg-legend');
  legend.appendChild(el('h3', null, '图例 Legend'));
  Object.keys(D.types).forEach(function (k) {
    var row = el('div', 'pkg-row'), dot = el('span', 'pkg-dot');
    dot.style.background = D.types[k][2]; dot.style.width = dot.style.height = '12px';
    row.appendChild(dot); row.appendChild(el('span', null, D.types[k][0] + ' ' + D.types[k][1]));
    legend.appendChild(row);
  });
  legend.appendChild(el('div', null, '圆点大小 = 任务数 node size = tasks'));
  D.sizes.forEach(function (s) {
    var row = el('div', 'pkg-row'), dot = el('span', 'pkg-dot');
    dot.style.width = dot.style.height = (2 * s[1]) + 'px';
    row.appendChild(dot); row.appendChild(el('span', null, s[0] + ' 项 tasks'));
    legend.appendChild(row);
  });
  if (D.mode === 'network') {
    legend.appendChild(el('div', null, '连线粗细 = 共同任务数 edge width = shared tasks'));
    D.widths.forEach(function (w) {
      var row = el('div', 'pkg-row'), line = el('span', 'pkg-line');
      line.style.borderTop = w[1] + 'px solid #9aa5b1';
      row.appendChild(line); row.appendChild(el('span', null, w[0] + ' 项 shared'));
      legend.appendChild(row);
    });
    var note = D.edgesShown < D.edgesTotal
      ? '显示最强的 ' + D.edgesShown + ' / ' + D.edgesTotal + ' 条连线 (≥ ' + D.minWeight + ')'
      : D.edgesTotal + ' 条连线 links';
    document.getElementById('pkg-note').textContent =
      Object.keys(D.agencies).length + ' 个机构 agencies · ' + note;
    ui.showPanel('点击机构查看任务', [['click an agency', 'to list its tasks']], []);
  } else {
    legend.appendChild(el('div', null, '方块 = 任务，颜色 = 中心机构的角色 squares = tasks'));
    Object.keys(D.roleStyle).forEach(function (k) {
      var s = D.roleStyle[k], row = el('div', 'pkg-row'), line = el('span', 'pkg-line');
      line.style.borderTop = s[2] + 'px ' + (s[3] ? 'dashed ' : 'solid ') + s[1];
      row.appendChild(line); row.appendChild(el('span', null, s[0] + ' ' + k));
      legend.appendChild(row);
    });
    showAgency(D.focus);
  }
})();
