/* plotly.js keeps each base map it has read for the rest of the page's life, under its
   name alone ("world_50m" in PlotlyGeoAssets.topojson), whatever topojsonURL it was read
   from. The country map's base map is cut to that country's surroundings
   (dashboard/maps.py, base_map_url), so after one country's page, the next country opened
   without a page load would be drawn on the first one's cut: no coast, no neighbours.

   So, before plotly draws a map, the base maps it will use that were read from another
   place are forgotten, and plotly reads them anew from the map's own. dcc.Graph draws
   with Plotly.react, which this wraps once plotly.js has loaded (it loads after this
   file: assets/vendor/ comes after the top-level assets). */
(() => {
  const GEO_TRACES = new Set(['scattergeo', 'choropleth']);
  const readFrom = {};  // base map name -> the topojsonURL it is read from

  // The names plotly gives the base maps of a figure's maps (its getTopojsonName).
  function baseMapNames(figure) {
    const layout = figure.layout || {};
    const geos = new Set((figure.data || []).filter(trace => GEO_TRACES.has(trace.type))
      .map(trace => trace.geo || 'geo'));
    return Array.from(geos, id => {
      const geo = layout[id] || {};
      return `${(geo.scope || 'world').replace(/ /g, '-')}_${geo.resolution || 110}m`;
    });
  }

  function readFromHere(figure) {
    const url = figure && figure.config && figure.config.topojsonURL;
    if (!url) return;
    const cached = (window.PlotlyGeoAssets && window.PlotlyGeoAssets.topojson) || {};
    baseMapNames(figure).forEach(name => {
      if (readFrom[name] !== url) delete cached[name];
      readFrom[name] = url;
    });
  }

  function wrapReact() {
    const Plotly = window.Plotly;
    if (!Plotly || Plotly.react.atriskBaseMaps) return;
    const react = Plotly.react;
    Plotly.react = function (gd, figure, ...rest) {
      readFromHere(figure);
      return react.call(this, gd, figure, ...rest);
    };
    Plotly.react.atriskBaseMaps = true;
  }

  wrapReact();
  document.addEventListener('DOMContentLoaded', wrapReact);
})();
