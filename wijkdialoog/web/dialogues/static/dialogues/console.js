// The facilitator's live monitor: listens on /ws/console/<id>/ and updates the parts of
// the console page the server rendered. The page works without this script; only the
// figures stop being live.
(function () {
  "use strict";

  var monitor = document.getElementById("console-monitor");
  var labelsNode = document.getElementById("console-labels");
  if (!monitor || !labelsNode || !("WebSocket" in window)) {
    return;
  }
  var labels = JSON.parse(labelsNode.textContent);
  var connection = document.getElementById("console-connection");
  var attempt = 0;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function votesText(row) {
    var text = labels.votes
      .replace("%(agree)s", row.agree)
      .replace("%(disagree)s", row.disagree)
      .replace("%(passes)s", row.passes);
    var level = labels.levels[row.level];
    return level ? text + " · " + labels.level + " " + level : text;
  }

  function hideForm(list, row) {
    var fieldId = "reason-" + list + "-" + row.id;
    var form = element("form", {
      method: "post",
      action: monitor.dataset.hideUrl,
      "class": "console-hide",
    });
    form.appendChild(element("input", { type: "hidden", name: "csrfmiddlewaretoken", value: csrfToken() }));
    form.appendChild(element("input", { type: "hidden", name: "statement", value: String(row.id) }));
    form.appendChild(element("label", { "for": fieldId }, labels.reason));
    form.appendChild(element("input", {
      type: "text", id: fieldId, name: "reason", required: "", maxlength: "200",
    }));
    form.appendChild(element("button", {
      type: "submit",
      "class": "console-button console-button--small",
      "aria-describedby": "statement-" + list + "-" + row.id,
    }, labels.hide));
    return form;
  }

  function statementItem(list, row) {
    var item = element("li", { "class": "console-statement", "data-id": String(row.id) });
    item.appendChild(element("p", {
      "class": "console-statement__text", id: "statement-" + list + "-" + row.id,
    }, row.text));
    item.appendChild(element("p", { "class": "console-statement__votes", "data-votes": "" }, votesText(row)));
    item.appendChild(hideForm(list, row));
    return item;
  }

  // A list the facilitator is working in (a reason typed, focus inside) keeps its
  // order and its rows; only the counts change, so no typing is lost.
  function isBusy(listNode) {
    if (listNode.contains(document.activeElement)) {
      return true;
    }
    return Array.prototype.some.call(listNode.querySelectorAll("input[name=reason]"), function (input) {
      return input.value !== "";
    });
  }

  function renderList(list, rows, emptyText) {
    var listNode = monitor.querySelector("[data-list=" + list + "]");
    if (!listNode) {
      return;
    }
    var existing = {};
    Array.prototype.forEach.call(listNode.querySelectorAll("li[data-id]"), function (item) {
      existing[item.dataset.id] = item;
    });
    if (isBusy(listNode)) {
      rows.forEach(function (row) {
        var item = existing[String(row.id)];
        if (item) {
          item.querySelector("[data-votes]").textContent = votesText(row);
        }
      });
      return;
    }
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) {
      var item = existing[String(row.id)];
      if (item) {
        item.querySelector("[data-votes]").textContent = votesText(row);
      } else {
        item = statementItem(list, row);
      }
      fragment.appendChild(item);
    });
    if (!rows.length) {
      fragment.appendChild(element("li", { "class": "console-statements__empty" }, emptyText));
    }
    listNode.replaceChildren(fragment);
  }

  function itemTitle(itemId) {
    var item = document.querySelector("#console-script [data-item-id='" + itemId + "'] .console-item__title");
    return item ? item.textContent : "";
  }

  function renderMonitor(frame) {
    ["online", "statements", "votes", "votes_per_minute"].forEach(function (name) {
      var node = monitor.querySelector("[data-figure=" + name + "]");
      if (node && node.textContent !== String(frame[name])) {
        node.textContent = String(frame[name]);
      }
    });
    var itemNode = monitor.querySelector("[data-monitor=item]");
    if (itemNode) {
      itemNode.replaceChildren();
      if (frame.item !== null && frame.item !== undefined) {
        itemNode.appendChild(document.createTextNode(labels.open_question + " "));
        itemNode.appendChild(element("strong", {}, itemTitle(frame.item)));
      } else {
        itemNode.textContent = labels.no_question;
      }
    }
    renderList("rising", frame.rising || [], labels.none_rising);
    renderList("bipotrons", frame.bipotrons || [], labels.none_bipotrons);
  }

  function setItemState(item, state) {
    item.dataset.state = state;
    item.className = "console-item console-item--" + state;
    item.querySelector(".console-item__state").textContent = labels.states[state];
  }

  function renderScript(frame) {
    Array.prototype.forEach.call(document.querySelectorAll("#console-script [data-item-id]"), function (item) {
      if (String(frame.open_item) === item.dataset.itemId) {
        setItemState(item, "open");
      } else if (item.dataset.state === "open") {
        setItemState(item, "closed");
      }
    });
  }

  function renderNotice(frame) {
    var list = document.getElementById("console-notices");
    if (!list) {
      return;
    }
    var now = new Date();
    var time = ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
    var item = element("li");
    item.appendChild(element("time", { datetime: now.toISOString() }, time));
    item.appendChild(document.createTextNode(" " + frame.text));
    list.insertBefore(item, list.firstChild);
  }

  function renderClosed() {
    var status = document.getElementById("console-status");
    if (status) {
      status.textContent = labels.dialogue_closed;
      status.className = "console-status console-status--closed";
    }
  }

  var handlers = {
    monitor: renderMonitor,
    script: renderScript,
    notice: renderNotice,
    closed: renderClosed,
  };

  function setConnection(text, isLive) {
    if (connection) {
      connection.textContent = text;
      connection.dataset.live = isLive ? "yes" : "no";
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + monitor.dataset.socketPath);
    socket.addEventListener("open", function () {
      attempt = 0;
      setConnection(labels.connected, true);
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      var handler = handlers[frame.type];
      if (handler) {
        handler(frame);
      }
    });
    socket.addEventListener("close", function (event) {
      setConnection(labels.disconnected, false);
      if (event.code === 4403 || event.code === 4404) {
        return; // refused: logged out or no such dialogue; a reload shows why
      }
      // Exponential backoff with jitter, so many consoles do not reconnect at once.
      var ceiling = Math.min(30000, 1000 * Math.pow(2, attempt));
      attempt += 1;
      window.setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
    });
  }

  connect();
})();
