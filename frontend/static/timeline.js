// The dashboard timeline's points, as window.FairTimeline. Hour buckets are Shanghai wall-clock
// hours ("2025-03-01T09"), plotted on a real time axis in UTC so that its labels show that wall
// clock; after an hour whose next hour had no events comes a gap (null), so a line never joins
// March to December as if they were consecutive hours.
(function () {
  "use strict";
  var HOUR = 3600 * 1000;

  function hourTime(key) {
    return Date.UTC(+key.slice(0, 4), +key.slice(5, 7) - 1, +key.slice(8, 10), +key.slice(11, 13));
  }

  // keys: the sorted hours with any event; value(hour): one kind's count in that hour.
  function points(keys, value) {
    var data = [];
    keys.forEach(function (hour, i) {
      var at = hourTime(hour);
      data.push([at, value(hour)]);
      if (i + 1 < keys.length && hourTime(keys[i + 1]) - at > HOUR) data.push([at + HOUR, null]);
    });
    return data;
  }

  window.FairTimeline = { HOUR: HOUR, hourTime: hourTime, points: points };
})();
