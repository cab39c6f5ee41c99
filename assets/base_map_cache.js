/* plotly.js keeps each base map it has read for the rest of the page's life, under its
   name alone ("world_50m" in PlotlyGeoAssets.topojson), whatever topojsonURL it was read
   from. The country map's base map is cut to that country's surroundings
   (dashboard/maps.py, base_map_url), so after one country's page, the next country opened
   without a page load would be drawn on the first one's cut: no coast, no neighbours.

   So, before plotly draws a figure whose config reads base maps from one place, the base
   maps it read from another place are forgotten, and plotly reads the ones it needs anew.
   dcc.Graph draws with Plotly.react, which this wraps once plotly.js has loaded (it loads
   after this file: assets/vendor/ comes after the top-level assets). */
(() => {
  const readFrom = {};  // base map name -> the topojsonURL it was read from

  function geoAssets() {
    return (window.PlotlyGeoAssets && window.PlotlyGeoAssets.topojson) || {};
  }

  function forgetOthers(url) {
    const cached = geoAssets();
    Object.keys(cached).filter(name => readFrom[name] !== url).forEach(name => {
      delete cached[name];
      delete readFrom[name];
    });
  }

  function noteRead(url) {
    Object.keys(geoAssets()).filter(name => !(name in readFrom))
      .forEach(name => { readFrom[name] = url; });
  }

  function wrapReact() {
    const Plotly = window.Plotly;
    if (!Plotly || Plotly.react.atriskBaseMaps) return;
    const react = Plotly.react;
    Plotly.react = function (gd, figure, ...rest) {
      const url = figure && figure.config && figure.config.topojsonURL;
      if (!url) return react.call(this, gd, figure, ...rest);
      forgetOthers(url);
      const drawn = react.call(this, gd, figure, ...rest);
      Promise.resolve(drawn).then(() => noteRead(url), () => undefined);
      return drawn;
    };
    Plotly.react.atriskBaseMaps = true;
  }

  wrapReact();
  document.addEventListener('DOMContentLoaded', wrapReact);
})();
