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
      return [t[0] + ' · ' + t[1] + ' · ' + D.roles[p[1]][1], t[2]];
    });
    var panel = ui.showPanel(a.n, fields, []);
    panel.dataset.agency = id;
    var shared = partners(id);
    if (shared.length) {
      panel.appendChild(el('h3', 'pkg-partners-title', '合作机构 partners（共同任务 shared tasks）'));
      shared.forEach(function (x) {
        var roles = D.roles.map(function (r, i) { return x[2][i] ? r[1] + ' ' + x[2][i] : ''; })
          .filter(function (s) { return s; }).join('、');
        var row = el('div', 'pkg-partner');
        row.dataset.agency = x[0];
        row.appendChild(el('span', 'pkg-partner-name', D.agencies[x[0]].n));
        row.appendChild(el('span', 'pkg-partner-count', ' ' + x[1] + ' 项 tasks（' + roles + '）'));
        row.addEventListener('click', function () { showAgency(x[0]); });
        panel.appendChild(row);
      });
    }
    panel.appendChild(el('h3', null, '任务 tasks'));
    items.forEach(function (item) {
      var row = el('div', 'pkg-item');
      row.appendChild(el('div', 'pkg-head', item[0]));
      row.appendChild(el('div', 'pkg-text', item[1]));
      panel.appendChild(row);
    });
    // the agency and its partners highlighted in the network
    network.selectNodes([id].concat(shared.map(function (x) { return x[0]; }))
      .filter(function (n) { return nodes.get(n); }));
  }
  var ROLE_KEYS = D.roles.map(function (r) { return r[0]; });
  var LEAD = ROLE_KEYS.indexOf('lead'), HANDLER = ROLE_KEYS.indexOf('co_handler');
  var led = {};  // tasks naming a lead: their co-handlers work with the lead, not each other
  Object.keys(D.agencies).forEach(function (id) {
    D.agencies[id].tasks.forEach(function (p) { if (p[1] === LEAD) { led[p[0]] = true; } });
  });
  function partners(id) {
    // agencies sharing a task with id, as the edges join them (co-handlers around the lead):
    // [agency, shared tasks, tasks by the partner's role]
    var mine = {}, found = {};
    D.agencies[id].tasks.forEach(function (p) { mine[p[0]] = p[1]; });
    Object.keys(D.agencies).forEach(function (other) {
      if (other === id) { return; }
      D.agencies[other].tasks.forEach(function (p) {
        if (!(p[0] in mine)) { return; }
        if (led[p[0]] && p[1] === HANDLER && mine[p[0]] === HANDLER) { return; }
        var f = found[other] || (found[other] = [other, 0, D.roles.map(function () { return 0; })]);
        f[1] += 1; f[2][p[1]] += 1;
      });
    });
    return Object.keys(found).map(function (k) { return found[k]; })
      .sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
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
    ui.showPanel(t[0] + ' ' + t[1], [], items);
  }
  network.on('hoverNode', function (p) {
    var a = D.agencies[p.node];
    if (a) { ui.showTip(agencyLines(a), p.pointer.DOM); return; }
    if (!D.taskNodes || !(p.node in D.taskNodes)) { return; }
    var t = D.tasks[D.taskNodes[p.node]];
    var text = t[2].length > 160 ? t[2].slice(0, 160) + '…' : t[2];
    ui.showTip([t[0] + ' ' + t[1], text], p.pointer.DOM);
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
    if (D.agencies[id]) { showAgency(id); } else if (D.taskNodes && id in D.taskNodes) {
      showTask(D.taskNodes[id]);
    }
  });
  function intro() {
    ui.showPanel('点击机构查看任务和合作机构',
                 [['', 'click an agency to list its tasks and partners']], []);
  }
  function visibleAgencies() {
    return Object.keys(D.agencies).filter(function (id) {
      var n = nodes.get(id); return n && !n.hidden;
    });
  }
  function fitVisible() {
    network.fit({nodes: visibleAgencies().concat(visibleClusters()), animation: false});
    // fit knows the nodes, not the labels placed under them: zoom out until those fit too
    for (var round = 0; round < 3; round++) {
      var e = placeLabels(), canvas = network.canvas.frame.canvas;
      var w = canvas.clientWidth, h = canvas.clientHeight;
      if (!e || (e.x0 >= 0 && e.y0 >= 0 && e.x1 <= w && e.y1 <= h)) { return; }
      var centre = network.DOMtoCanvas({x: (e.x0 + e.x1) / 2, y: (e.y0 + e.y1) / 2});
      var shrink = 0.97 * Math.min(1, w / (e.x1 - e.x0), h / (e.y1 - e.y0));
      network.moveTo({position: centre, scale: network.getScale() * shrink, animation: false});
    }
    placeLabels();
  }
  function visibleClusters() {
    return (D.clusters || []).map(function (c, i) { return 'cluster' + i; })
      .filter(function (id) { var n = nodes.get(id); return n && !n.hidden; });
  }
  // Labels placed after the layout, busiest agencies first: a label is drawn at LABEL_PX on
  // screen at this zoom, under its node or above it, or not at all when both would cover one
  // already placed (the tooltip names every agency on hover).
  var LABEL_PX = 13;
  var labelled = {};
  function placeLabels() {
    var scale = network.getScale(), updates = [], grid = {}, CELL = 120, now = {}, extent = null;
    // one font size for every agency label: LABEL_PX on screen at this zoom (setting it node by
    // node made vis measure 2,000 labels again)
    network.setOptions({nodes: {font: {size: LABEL_PX / scale}}});
    // boxes kept in a grid of CELL px so that each label is checked against its neighbours only
    function cells(b, add) {
      var out = [];
      for (var gx = Math.floor(b.x0 / CELL); gx <= Math.floor(b.x1 / CELL); gx++) {
        for (var gy = Math.floor(b.y0 / CELL); gy <= Math.floor(b.y1 / CELL); gy++) {
          var key = gx + ',' + gy;
          if (add) { (grid[key] = grid[key] || []).push(b); } else { out = out.concat(grid[key] || []); }
        }
      }
      return out;
    }
    function free(b) {
      return cells(b, false).every(function (o) {
        return b.x1 <= o.x0 || o.x1 <= b.x0 || b.y1 <= o.y0 || o.y1 <= b.y0;
      });
    }
    visibleClusters().forEach(function (cid) {
      var n = nodes.get(cid), c = network.canvasToDOM({x: n.x, y: n.y});
      var w = n.label.length * 34 * scale + 4, h = 40 * scale;
      cells({x0: c.x - w / 2, x1: c.x + w / 2, y0: c.y - h / 2, y1: c.y + h / 2}, true);
    });
    function grow(b) {
      extent = extent ? {x0: Math.min(extent.x0, b.x0), y0: Math.min(extent.y0, b.y0),
                         x1: Math.max(extent.x1, b.x1), y1: Math.max(extent.y1, b.y1)} : b;
    }
    var ids = visibleAgencies().sort(function (a, b) {
      return total(D.agencies[b]) - total(D.agencies[a]) || (a < b ? -1 : 1);
    });
    var positions = network.getPositions(ids);
    ids.forEach(function (id) {
      var a = D.agencies[id], c = network.canvasToDOM(positions[id]);
      var w = a.n.length * LABEL_PX + 4, h = LABEL_PX + 2, size = nodes.get(id).size;
      grow({x0: c.x, y0: c.y, x1: c.x, y1: c.y});
      // where vis puts a dot's label (its box starts half a line below the node's edge and 4
      // canvas px), else above the node (moved up by vadjust, in canvas units)
      var below = c.y + (size + 4) * scale + LABEL_PX / 2 - 1;
      var above = c.y - size * scale - 2 - h;
      var spots = [['below', below, 0], ['above', above, (above - below) / scale]];
      for (var k = 0; k < spots.length; k++) {
        var box = {x0: c.x - w / 2, x1: c.x + w / 2, y0: spots[k][1], y1: spots[k][1] + h};
        if (!free(box)) { continue; }
        cells(box, true);
        grow(box);
        now[id] = spots[k][0];
        if (labelled[id] !== now[id]) {
          updates.push({id: id, label: a.n, font: {vadjust: spots[k][2]}});
        }
        break;
      }
    });
    Object.keys(labelled).forEach(function (id) {
      if (!now[id]) { updates.push({id: id, label: ' '}); }
    });
    labelled = now;
    nodes.update(updates);
    return extent;  // of the nodes and the labels drawn, on the page
  }
  if (D.mode === 'network') {
    fitVisible();
    // labels stay LABEL_PX on screen when the user zooms: placed again once the wheel stops
    var replace = null;
    network.on('zoom', function () {
      clearTimeout(replace);
      replace = setTimeout(placeLabels, 150);
    });
  }
  network.on('resize', function () { if (D.mode === 'network') { setTimeout(fitVisible, 0); } });
  var select = document.getElementById('pkg-district');
  D.districts.forEach(function (d) {
    var o = el('option', null, d); o.value = d; select.appendChild(o);
  });
  select.addEventListener('change', function () {
    var v = select.value;
    nodes.update(Object.keys(D.agencies).map(function (id) {
      return {id: id, hidden: v !== '' && D.agencies[id].d !== v};
    }).concat((D.clusters || []).map(function (c, i) {
      return {id: 'cluster' + i, hidden: v !== '' && c[0] !== v};
    })));
    network.unselectAll();
    ui.hideTip();  // a tooltip of an agency now hidden would stay
    fitVisible();
    intro();
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
  legend.appendChild(el('div', null, '圆点大小 = 任务数 node size = tasks（最少、中位、最多 fewest, median, most）'));
  var sizeDots = D.sizes.map(function (s) {
    var row = el('div', 'pkg-row pkg-size'), dot = el('span', 'pkg-dot');
    row.dataset.tasks = s[0];
    row.appendChild(dot); row.appendChild(el('span', null, s[0] + ' 项 tasks'));
    legend.appendChild(row);
    return [dot, s[1]];
  });
  function sizeLegend() {
    // the sample dots as large as the nodes are drawn at this zoom
    var scale = network.getScale();
    sizeDots.forEach(function (d) {
      d[0].style.width = d[0].style.height = Math.max(2, 2 * d[1] * scale) + 'px';
    });
  }
  sizeLegend();
  network.on('afterDrawing', sizeLegend);  // after a zoom, a fit or a filter
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
    intro();
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
