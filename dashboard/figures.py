"""Pure figure functions: data in, plotly Figure (or Patch) out. No queries here."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from datetime import date

import numpy as np
import pandas as pd
import plotly.colors
from dash import Patch

from dashboard.dates import day_text
from dashboard.layers import Layer
from queries.vocabulary import category_rows

# Colour-blind-safe qualitative palette (CARTO "Safe"), one colour per category.
SAFE = ["#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99",
        "#999933", "#882255", "#661100", "#6699CC", "#888888"]
FONT_FAMILY = "Segoe UI, Helvetica Neue, Arial, sans-serif"
FONT = dict(family=FONT_FAMILY, size=13, color="#1d2733")
# Nested dicts, not plotly.py's "projection_type" shorthand: these are plain figure dicts,
# which plotly.js reads as they are (it silently ignored the shorthand).
GEO = dict(projection=dict(type="natural earth"), showframe=False, showcoastlines=True,
           coastlinecolor="#9aa5b1", showcountries=True, countrycolor="#b7c0ca",
           showland=True, landcolor="#eef0f2", showocean=True, oceancolor="#f4f8fb",
           showlakes=False, bgcolor="rgba(0,0,0,0)")
# The whole inhabited world, whatever the data cover: a one-country warehouse's "world" map
# is still the world.
WORLD = dict(GEO, fitbounds=False, lataxis=dict(range=[-58, 84]), lonaxis=dict(range=[-180, 180]))
MAP_HEIGHT = 520
# How far a country map zooms out: to this share of its fitted scale (its base map reaches
# no further: dashboard.maps.country_view).
COUNTRY_MIN_ZOOM = 0.6


def colorscale(name: str) -> list:
    """A named scale as explicit stops, light for low values: plotly.js's own 'YlOrRd'
    (used when a plain figure dict names it) runs the other way from plotly.py's."""
    return plotly.colors.get_colorscale(name)


def window_text(date_from: date, date_to: date) -> str:
    """'1 Nov 2025 – 31 Oct 2026'."""
    return f"{day_text(date_from)} – {day_text(date_to)}"


def empty_figure(message: str, height: int = 320) -> dict:
    """A blank panel that says why it is blank (a plain figure dict: a go.Figure took 6 ms
    to build, and every page that loads shows some)."""
    return {"data": [], "layout": {
        "height": height, "font": dict(FONT), "xaxis": {"visible": False},
        "yaxis": {"visible": False}, "plot_bgcolor": "white", "paper_bgcolor": "white",
        "margin": dict(l=10, r=10, t=10, b=10),
        "annotations": [dict(text=message, showarrow=False, font={"size": 15},
                             xref="paper", yref="paper", x=0.5, y=0.5)]}}


LABELLED = 12     # countries named on the world map: the layer's highest values


def world_map(frame: pd.DataFrame, layer: Layer, window: str,
              places: pd.DataFrame | None = None) -> dict:
    """The overview map of one layer: a choropleth per country or squares per cell (a plain
    figure dict: building go objects validated and deep-copied every value). On a country
    layer the ``LABELLED`` countries with the highest values are named, at their label
    points in ``places`` (``iso3``, ``lat``, ``lon``)."""
    trace = _country_trace(frame, layer, window) if layer.kind == "country" else \
        _grid_trace(frame, layer, window)
    if layer.kind == "points":
        trace["marker"].update(symbol="circle", size=bubble_sizes(frame[layer.value]),
                               opacity=0.7, line=dict(color="white", width=0.6))
    layout = dict(geo=dict(WORLD), height=MAP_HEIGHT, margin=dict(l=0, r=0, t=0, b=0),
                  font=FONT, paper_bgcolor="white", uirevision="overview",
                  meta={"layer": layer.key}, annotations=[_NOTHING] if frame.empty else [])
    data = [trace]
    if layer.kind == "country" and places is not None:
        data.append(_label_trace(country_labels(frame, layer, places)))
    return dict(data=data, layout=layout)


def country_labels(frame: pd.DataFrame, layer: Layer, places: pd.DataFrame) -> pd.DataFrame:
    """The names to write on the world map: the ``LABELLED`` countries with the highest
    (non-zero) values of ``layer``, with their label points; columns name, lat, lon."""
    values = pd.to_numeric(frame[layer.value], errors="coerce")
    top = frame[values > 0].assign(_value=values).nlargest(LABELLED, "_value")
    placed = top[["iso3", "name"]].merge(places, on="iso3", how="inner")
    return placed[["name", "lat", "lon"]]


def _label_trace(labels: pd.DataFrame) -> dict:
    """Place names as map text (SVG, no font download), with a halo for contrast."""
    return dict(type="scattergeo", mode="text", lat=labels["lat"].round(3).tolist(),
                lon=labels["lon"].round(3).tolist(), text=labels["name"].tolist(),
                textfont=dict(family=FONT_FAMILY, size=11, color="#1d2733", shadow="auto"),
                hoverinfo="skip", showlegend=False, name="names")


def world_map_patch(frame: pd.DataFrame, layer: Layer, window: str,
                    places: pd.DataFrame | None = None) -> Patch:
    """Only the values of the overview map, for a map already drawn with this layer (and
    the names of the countries now highest)."""
    patch = Patch()
    if layer.kind == "country" and places is not None:
        labels = _label_trace(country_labels(frame, layer, places))
        for key in ("lat", "lon", "text"):
            patch["data"][1][key] = labels[key]
    if layer.hover is not None:
        patch["data"][0]["customdata"] = _layer_hover_data(frame, layer)
    if layer.kind == "country":
        if layer.hover is None:
            patch["data"][0]["customdata"] = _hover_data(frame, frame["name"], window)
        patch["data"][0]["locations"] = frame["iso3"].tolist()
        patch["data"][0]["z"] = frame[layer.value].tolist()
        patch["data"][0].update(_color_range(layer, "zmin", "zmax", frame[layer.value]))
    else:
        if layer.hover is None:
            patch["data"][0]["customdata"] = _cell_data(frame)
            patch["data"][0]["hovertemplate"] = _cell_hover(window)
        patch["data"][0]["lat"] = frame["lat"].tolist()
        patch["data"][0]["lon"] = frame["lon"].tolist()
        patch["data"][0]["marker"]["color"] = frame[layer.value].tolist()
        patch["data"][0]["marker"].update(_color_range(layer, "cmin", "cmax",
                                                       frame[layer.value]))
        if layer.kind == "points":
            patch["data"][0]["marker"]["size"] = bubble_sizes(frame[layer.value])
    patch["layout"]["annotations"] = [] if not frame.empty else [_NOTHING]
    return patch


def bubble_sizes(values: pd.Series, smallest: float = 6, largest: float = 30) -> list[float]:
    """Marker diameters whose areas grow with ``values`` (square root), the largest value
    drawn ``largest`` pixels across."""
    numbers = pd.to_numeric(values, errors="coerce").fillna(0).clip(lower=0).to_numpy(float)
    top = numbers.max() if len(numbers) else 0
    if top <= 0:
        return [smallest] * len(numbers)
    return np.clip(largest * np.sqrt(numbers / top), smallest, largest).round(1).tolist()


_NOTHING = dict(text="No incidents in this window", showarrow=False, font_size=16,
                xref="paper", yref="paper", x=0.5, y=0.5, bgcolor="rgba(255,255,255,0.85)")


def _cell_data(frame: pd.DataFrame) -> list:
    """Per cell: fatalities and civilian fatalities (incidents are the marker colour, the
    cell is named by its centre: names, ids and the window repeated per cell were three
    quarters of the density payload)."""
    return np.column_stack([frame["fatalities"], frame["civilian_fatalities"]]).tolist()


def _cell_hover(window: str) -> str:
    return ("<b>PRIO-GRID cell at %{lat:.2f}, %{lon:.2f}</b><br>"
            + window
            + "<br>Incidents: %{marker.color:,}<br>Fatalities: %{customdata[0]:,}<br>"
            "Civilian fatalities: %{customdata[1]:,}<extra></extra>")


def _hover_data(frame: pd.DataFrame, place: pd.Series, window: str) -> list:
    return np.column_stack([place, frame["incidents"], frame["fatalities"],
                            frame["civilian_fatalities"],
                            np.full(len(frame), window)]).tolist()


_HOVER = ("<b>%{customdata[0]}</b><br>%{customdata[4]}<br>"
          "Incidents: %{customdata[1]:,}<br>Fatalities: %{customdata[2]:,}<br>"
          "Civilian fatalities: %{customdata[3]:,}<extra></extra>")


def _colorbar(layer: Layer) -> dict:
    bar = dict(title=dict(text=layer.unit, side="right"), thickness=14, len=0.7,
               tickformat=layer.tickformat)
    if layer.ticks:
        bar.update(tickvals=[value for value, _ in layer.ticks],
                   ticktext=[text for _, text in layer.ticks])
    return bar


def _layer_hover_data(frame: pd.DataFrame, layer: Layer) -> list:
    """The customdata a layer's own ``hover`` reads."""
    return frame[list(layer.hover.columns)].astype(object).where(
        frame[list(layer.hover.columns)].notna(), "–").to_numpy().tolist()


def _hover(frame: pd.DataFrame, layer: Layer, default_data, default_template: str) -> dict:
    if layer.hover is None:
        return dict(customdata=default_data(), hovertemplate=default_template)
    return dict(customdata=_layer_hover_data(frame, layer), hovertemplate=layer.hover.template)


NONE_COLOUR = "#e4e7eb"   # a count of zero: "none", not the palest colour of the scale


def count_scale(name: str, values) -> tuple[list, float]:
    """A colour scale for counts from 0 to their maximum, where exactly 0 is drawn grey
    (nothing happened) and 1 starts the scale; and the maximum for ``zmax`` / ``cmax``.
    The maximum is at least 1, so one value (or all zeros) still gives a readable legend."""
    numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
    top = max(float(numbers.max()) if numbers.notna().any() else 0.0, 1.0)
    cut = min(0.5 / top, 0.5)
    stops = [[cut + (1 - cut) * position, colour] for position, colour in colorscale(name)]
    return [[0, NONE_COLOUR], [cut, NONE_COLOUR], *stops], top


def count_ticks(top: float) -> dict:
    """Colour-bar ticks for a count scale up to ``top``: every whole number up to 5 (plotly
    would repeat "1 1 2 2 3 3"), with 0 labelled "none"; else plotly's own ticks."""
    if top > 5:
        return {}
    values = list(range(int(top) + 1))
    return {"tickvals": values, "ticktext": ["none", *map(str, values[1:])]}


def _color_range(layer: Layer, low: str, high: str, values) -> dict:
    """The scale, its ends and its colour bar: the layer's fixed range, or a count scale
    from 0 (grey for none) to the data's maximum."""
    bar = _colorbar(layer)
    if layer.value_range is None:
        scale, top = count_scale(layer.colorscale, values)
        return {"colorscale": scale, low: 0, high: top, "colorbar": {**bar, **count_ticks(top)}}
    return {"colorscale": colorscale(layer.colorscale), low: layer.value_range[0],
            high: layer.value_range[1], "colorbar": bar}


def _country_trace(frame: pd.DataFrame, layer: Layer, window: str) -> dict:
    return dict(
        type="choropleth", locations=frame["iso3"].tolist(), locationmode="ISO-3",
        z=frame[layer.value].tolist(),
        **_color_range(layer, "zmin", "zmax", frame[layer.value]),
        marker=dict(line=dict(color="#ffffff", width=0.4)),
        **_hover(frame, layer, lambda: _hover_data(frame, frame["name"], window), _HOVER),
        name=layer.label)


def _grid_trace(frame: pd.DataFrame, layer: Layer, window: str) -> dict:
    return dict(
        type="scattergeo", lat=frame["lat"].tolist(), lon=frame["lon"].tolist(),
        mode="markers",
        marker=dict(symbol="square", size=5, color=frame[layer.value].tolist(),
                    **_color_range(layer, "cmin", "cmax", frame[layer.value]),
                    line=dict(width=0), opacity=0.85),
        **_hover(frame, layer, lambda: _cell_data(frame), _cell_hover(window)),
        name=layer.label)


TREND_HEIGHT, RISK_HEIGHT, FORECAST_HEIGHT = 340, 520, 300   # px: the country page's charts


def time_series(frame: pd.DataFrame, by: str, labels: dict[str, str] | None = None,
                height: int = TREND_HEIGHT) -> dict:
    """Stacked bars of incidents per period, one colour per ``by`` value (a plain figure
    dict: plotly's validation of ``go.Bar`` cost 10x the query)."""
    if frame.empty:
        return empty_figure("No incidents in this window", height)
    traces = []
    for i, (key, rows) in enumerate(frame.groupby(by, sort=True)):
        name = (labels or {}).get(key, key)
        traces.append(dict(
            type="bar", x=rows["period"].astype(str).tolist(), y=rows["incidents"].tolist(),
            name=name, marker=dict(color=SAFE[i % len(SAFE)]),
            customdata=rows["fatalities"].tolist(),
            hovertemplate=(f"<b>{name}</b><br>%{{x|%b %Y}}<br>Incidents: %{{y:,}}"
                           "<br>Fatalities: %{customdata:,}<extra></extra>")))
    return dict(data=traces, layout=_stacked_layout(
        height, "Incidents", legend_y=-0.18, xaxis=dict(title=dict(text=None)),
        tallest=_tallest_stack(frame, "incidents")))


def country_map(regions: dict, admin1: pd.DataFrame, points: pd.DataFrame, window: str,
                selected: str = "", cells: pd.DataFrame | None = None,
                names: pd.DataFrame | None = None, towns: pd.DataFrame | None = None,
                water: dict | None = None, min_scale: float = 0.0) -> dict:
    """The country page's map: admin-1 choropleth of incidents (the selected region
    outlined), incident points on top, the forecast's likeliest ``cells`` (``lat``, ``lon``,
    ``probability_pct``) as outlined squares, the largest ``towns`` (name, lat, lon,
    population) and the regions' ``names`` (name, lat, lon) last, read over everything.
    ``water`` (``rivers`` and ``lakes``, each ``(lats, lons)``, see geodata.water) is drawn
    over the regions: plotly's own base-map rivers would lie under them. ``min_scale`` is
    as far as the map zooms out (plotly's ``projection.minscale``: its base map reaches no
    further, see dashboard.maps.country_view)."""
    geo = dict(GEO, fitbounds="geojson", resolution=50,
               projection=dict(GEO["projection"], minscale=round(min_scale, 3)))
    layout = dict(geo=geo, height=MAP_HEIGHT,
                  margin=dict(l=0, r=0, t=0, b=0), font=FONT, paper_bgcolor="white",
                  showlegend=False, uirevision="country")
    data = [_admin1_trace(regions, admin1, window, selected), _points_trace(points),
            *_water_traces(water or {})]
    if cells is not None and not cells.empty:
        data.append(_forecast_cells_trace(cells))
    if towns is not None and not towns.empty:
        data.append(_towns_trace(towns, _named_by_a_label(towns, names)))
    if names is not None:
        data.append(_label_trace(names))
    return dict(data=data, layout=layout)


def _water_traces(water: dict) -> list[dict]:
    """Rivers and lake shores as thin blue lines (a lake's fill could not be told from its
    complement on a globe); no hover, no legend."""
    styles = {"rivers": dict(line=dict(color="#5f9fd0", width=1.1)),
              "lakes": dict(line=dict(color="#3f88c5", width=1.4))}
    return [dict(type="scattergeo", mode="lines", lat=lats, lon=lons, name=kind,
                 hoverinfo="skip", showlegend=False, **styles[kind])
            for kind, (lats, lons) in water.items() if lats]


def _towns_trace(towns: pd.DataFrame, unwritten: np.ndarray | None = None) -> dict:
    """Towns as small dots with their names above (GeoNames; attributed under the map);
    the towns flagged in ``unwritten`` keep their dot and hover but write no name."""
    text = towns["name"].where(~unwritten, "") if unwritten is not None else towns["name"]
    return dict(type="scattergeo", mode="markers+text", lat=towns["lat"].round(3).tolist(),
                lon=towns["lon"].round(3).tolist(), text=text.tolist(),
                textposition="top center", name="towns",
                textfont=dict(family=FONT_FAMILY, size=10, color="#334155", shadow="auto"),
                marker=dict(size=5, color="#334155", symbol="circle"),
                customdata=list(zip(towns["name"], towns["population"], strict=True)),
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]:,} people "
                              "(GeoNames)<extra></extra>")


LABEL_CLEARANCE = 0.06   # of the map's extent: a town's name nearer a region's would overlap
ARTICLES = {"al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "ath", "adh"}


def _named_by_a_label(towns: pd.DataFrame, names: pd.DataFrame | None) -> np.ndarray:
    """Which towns a region's label already names, or would write over: the same name
    (case, accents and a leading Arabic article aside: "Aleppo", "Ar Raqqah") or a label
    nearer than ``LABEL_CLEARANCE`` of the map's extent ("Deir ez-Zor" under "Dayr Az
    Zawr")."""
    if names is None or names.empty:
        return np.zeros(len(towns), dtype=bool)
    same_name = towns["name"].map(_folded).isin(set(names["name"].map(_folded)))
    lats = np.concatenate([towns["lat"], names["lat"]])
    lons = np.concatenate([towns["lon"], names["lon"]])
    extent = max(np.ptp(lats), np.ptp(lons), 1e-9)
    d_lat = towns["lat"].to_numpy()[:, None] - names["lat"].to_numpy()[None, :]
    d_lon = towns["lon"].to_numpy()[:, None] - names["lon"].to_numpy()[None, :]
    too_near = (np.hypot(d_lat, d_lon) < LABEL_CLEARANCE * extent).any(axis=1)
    return same_name.to_numpy() | too_near


def _folded(name: str) -> str:
    """A place name compared loosely: no accents, no case, no leading al-/ar-/as-/..."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z ]+", " ", plain).split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)



def _forecast_cells_trace(cells: pd.DataFrame) -> dict:
    """The forecast's cells: open squares about a cell wide, thicker where likelier."""
    share = cells["probability_pct"].to_numpy(dtype=float)
    width = 1 + 3 * share / max(float(share.max()), 1e-9)
    return dict(
        type="scattergeo", lat=cells["lat"].tolist(), lon=cells["lon"].tolist(),
        mode="markers", name="forecast",
        marker=dict(symbol="square-open", size=16, color="#6d28d9",
                    line=dict(width=width.round(1).tolist())),
        customdata=cells["probability_pct"].tolist(),
        hovertemplate=("<b>Forecast cell at %{lat:.2f}, %{lon:.2f}</b><br>Violence against "
                       "civilians in the next 3 months: %{customdata:.1f}% chance"
                       "<extra></extra>"))


def country_map_patch(admin1: pd.DataFrame, points: pd.DataFrame, window: str,
                      selected: str = "") -> Patch:
    """Only the values of a country map already drawn (the geometry stays in the browser)."""
    patch = Patch()
    patch["data"][0]["z"] = admin1["incidents"].tolist()
    patch["data"][0].update(_admin1_scale(admin1))
    patch["data"][0]["customdata"] = _hover_data(admin1, admin1["name"], window)
    patch["data"][0]["marker"]["line"].update(_outline(admin1, selected))
    values = _points_values(points)
    for key in ("lat", "lon", "customdata"):
        patch["data"][1][key] = values[key]
    patch["data"][1]["marker"]["size"] = values["size"]
    return patch


def _admin1_scale(admin1: pd.DataFrame) -> dict:
    """The admin-1 map's count scale: regions without incidents grey, the rest YlOrRd."""
    scale, top = count_scale("YlOrRd", admin1["incidents"])
    bar = dict(title=dict(text="incidents", side="right"), thickness=14, len=0.7,
               tickformat=",d", **count_ticks(top))
    return {"colorscale": scale, "zmin": 0, "zmax": top, "colorbar": bar}


SELECTED_OUTLINE = "#0b5cad"


def _outline(admin1: pd.DataFrame, selected: str) -> dict:
    """Region outlines: the selected region thick and blue, the others thin and grey."""
    chosen = [code == selected for code in admin1["admin1_code"]]
    return {"width": [3.0 if c else 0.6 for c in chosen],
            "color": [SELECTED_OUTLINE if c else "#334155" for c in chosen]}


def _points_values(points: pd.DataFrame) -> dict:
    """Coordinates to 3 decimals (about 100 m: full doubles were a third of the payload),
    sizes and hover data of the incident points."""
    fatalities = points["fatalities"].fillna(0).to_numpy(dtype=float)
    custom = np.column_stack([
        points["location"].fillna(points["admin1_name"]).fillna("unknown place"),
        points["event_date"].astype(str), points["category"].str.replace("_", " "),
        points["fatalities"].fillna(-1).astype(int), points["source"],
        points["admin1_code"]])
    return {"lat": points["lat"].round(3).tolist(), "lon": points["lon"].round(3).tolist(),
            "customdata": custom.tolist(),
            "size": (4 + 2.2 * np.sqrt(fatalities)).clip(4, 24).round(1).tolist()}


def _admin1_trace(regions: dict, admin1: pd.DataFrame, window: str,
                  selected: str) -> dict:
    return dict(
        type="choropleth", geojson=regions or None, featureidkey="properties.admin1_code",
        locations=admin1["admin1_code"].tolist(), z=admin1["incidents"].tolist(),
        **_admin1_scale(admin1),
        marker=dict(line=_outline(admin1, selected)),
        customdata=_hover_data(admin1, admin1["name"], window), hovertemplate=_HOVER)


POINT_REGION = 5   # where a point's admin-1 code is in its customdata


def clicked_region(click: dict | None) -> str | None:
    """The admin-1 code of a click on the country map: the region, or the region of the
    incident dot that was clicked."""
    point = (click or {}).get("points", [{}])[0]
    custom = point.get("customdata") or []
    return point.get("location") or (custom[POINT_REGION] if len(custom) > POINT_REGION
                                     else None)


def _points_trace(points: pd.DataFrame) -> dict:
    values = _points_values(points)
    return dict(
        type="scattergeo", lat=values["lat"], lon=values["lon"], mode="markers",
        marker=dict(size=values["size"],
                    color="rgba(29,39,51,0.55)", line=dict(color="white", width=0.5)),
        customdata=values["customdata"], name="incidents",
        hovertemplate=("<b>%{customdata[2]}</b><br>%{customdata[0]}<br>%{customdata[1]}"
                       "<br>Fatalities: %{customdata[3]:,}<br>Source: %{customdata[4]}"
                       "<extra></extra>"))


# Modebar buttons that are of no use here. "sendDataToCloud" ("Share chart...") would upload
# the figure, hover data included, to Plotly's cloud: a leak path for restricted data.
# The toolbar keeps download-as-PNG, zoom in, zoom out and reset; dragging still zooms a
# chart and pans a map. Selection tools, mode toggles and autoscale only add clutter.
_USELESS_BUTTONS = ["sendDataToCloud", "editInChartStudio", "select2d", "lasso2d", "zoom2d",
                    "pan2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian",
                    "hoverCompareCartesian", "hoverClosestGeo", "hoverClosestGl2d",
                    "hoverClosestPie", "toggleHover", "resetViews"]


def graph_config(filename: str, topojson_url: str = "/assets/topojson/") -> dict:
    """Graph options: local topojson (never the CDN; ``topojson_url`` is where plotly
    reads the base map), nothing sent to a cloud service, a short toolbar, PNG export with
    a useful name."""
    return {"topojsonURL": topojson_url, "displaylogo": False,
            "showSendToCloud": False, "showEditInChartStudio": False, "showLink": False,
            "modeBarButtonsToRemove": _USELESS_BUTTONS,
            "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}


def category_labels() -> dict[str, str]:
    """Category code -> label, from the vocabulary."""
    return {row["category"]: row["label"] for row in category_rows()}


def risk_factors_chart(components: pd.DataFrame, height: int = RISK_HEIGHT) -> dict:
    """Horizontal bars of a country's risk components (0..10), grouped by dimension,
    missing ones marked: the drill-down of the risk index."""
    if components.empty:
        return empty_figure("No risk model for this country: no indicators or incidents", 240)
    rows = components.iloc[::-1]                     # plotly draws the first bar lowest
    scored = rows["score"].notna()
    colours = np.where(rows["dimension"] == "structural", SAFE[4], SAFE[1])
    labels = [wrapped(label) for label in rows["label"]]
    data = [dict(
        type="bar", orientation="h", y=labels, x=rows["score"].fillna(0).round(2).tolist(),
        marker=dict(color=np.where(scored, colours, "#d5dae0").tolist()),
        customdata=np.column_stack([rows["label"], rows["dimension"],
                                    rows["present"], rows["expected"]]).tolist(),
        hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]} dimension<br>"
                       "Score %{x:.1f} / 10 (inputs present: %{customdata[2]} of "
                       "%{customdata[3]})<extra></extra>"))]
    lines = max(label.count("<br>") + 1 for label in labels)
    height = max(height, 60 + len(labels) * (15 * lines + 8))   # every label has room
    layout = dict(height=height, font=FONT, paper_bgcolor="white", plot_bgcolor="white",
                  margin=dict(l=10, r=20, t=10, b=40), showlegend=False,
                  xaxis=dict(range=[0, 10], title="score 0-10 (our model)", dtick=2,
                             gridcolor="#e3e7eb"),
                  yaxis=dict(automargin=True))
    return dict(data=data, layout=layout)


def wrapped(label: str, width: int = 44) -> str:
    """``label`` broken into lines of at most ``width`` characters at spaces (plotly's
    ``<br>``), so a long risk-factor name is read whole instead of cut off."""
    return "<br>".join(textwrap.wrap(label, width, break_long_words=False)) or label


def forecast_history_chart(history: pd.DataFrame, current: dict | None,
                           height: int = FORECAST_HEIGHT) -> dict:
    """A country's forecasts over the years: each year's out-of-sample backtest forecast
    (made with the data of the year before only), the current forecast, and the years a
    new mass killing began marked."""
    if history.empty:
        return empty_figure("No forecast for this country", 200)
    rank_text = [f"rank {r} of {n}" for r, n in zip(history["rank"], history["countries"],
                                                    strict=True)]
    data = [dict(type="scatter", mode="lines+markers", name="forecast made the year before",
                 x=history["year"].tolist(), y=(history["risk"] * 100).round(2).tolist(),
                 line=dict(color=SAFE[4]), marker=dict(size=5), customdata=rank_text,
                 hovertemplate="%{x}: %{y:.1f}% (%{customdata})<extra></extra>")]
    onsets = history[history["onset"]]
    if not onsets.empty:
        data.append(dict(type="scatter", mode="markers", name="a new mass killing began",
                         x=onsets["year"].tolist(), y=(onsets["risk"] * 100).round(2).tolist(),
                         marker=dict(symbol="x", size=13, color=SAFE[1], line_width=2),
                         hovertemplate="%{x}: a new mass killing began<extra></extra>"))
    if current is not None:
        data.append(dict(type="scatter", mode="markers", name="current forecast",
                         x=[int(current["data_year"]) + 1],
                         y=[round(current["risk_1y"] * 100, 2)],
                         marker=dict(symbol="diamond", size=11, color=SAFE[2],
                                     line=dict(color="#1d2733", width=1)),
                         hovertemplate="%{x}: %{y:.1f}% (current forecast)<extra></extra>"))
    layout = dict(height=height, font=FONT, paper_bgcolor="white", plot_bgcolor="white",
                  margin=dict(l=10, r=20, t=10, b=40), legend=dict(orientation="h", y=-0.2),
                  xaxis=dict(title=None, gridcolor="#e3e7eb", dtick=5),
                  yaxis=dict(title="risk of a new mass killing, %", rangemode="tozero",
                             gridcolor="#e3e7eb", automargin=True))
    return dict(data=data, layout=layout)


# --- prevention capacity ---------------------------------------------------------------------

AUDIENCE_LABELS = {"member_state": "Member State officials",
                   "regional_org": "Regional organisations", "civil_society": "Civil society",
                   "un_system": "UN system"}
AUDIENCE_COLOURS = {"member_state": SAFE[4], "regional_org": SAFE[1], "civil_society": SAFE[3],
                    "un_system": SAFE[0]}
COVERAGE_STATUS = {1: ("member", "#4f8fc0"), 2: ("member of several chosen", "#1b4f7a"),
                   3: ("suspended", "#d9822b")}


def _geo_layout(height: int = MAP_HEIGHT, **extra) -> dict:
    return dict(geo=dict(WORLD), height=height, margin=dict(l=0, r=0, t=0, b=0), font=FONT,
                paper_bgcolor="white", **extra)


def training_map(venues: pd.DataFrame, risk: pd.DataFrame | None = None,
                 risk_title: str = "Risk, next year") -> dict:
    """Training venues as bubbles sized by participants, one colour (and legend entry) per
    audience, over the countries coloured by ``risk`` (``iso3``, ``name``, ``risk_1y``:
    the country forecast), so where training went can be read against where risk is."""
    if venues.empty:
        return empty_figure("No trainings with venue coordinates match these filters",
                            MAP_HEIGHT)
    sizes = pd.Series(bubble_sizes(venues["participants"]), index=venues.index)
    traces = [] if risk is None or risk.empty else [_risk_underlay(risk, risk_title)]
    for audience, rows in venues.groupby("audience", sort=True):
        custom = np.column_stack([rows["title"], rows["venue"].fillna("venue not given"),
                                  rows["name"].fillna(""), rows["start_date"].astype(str),
                                  rows["participants"], rows["organisation"].fillna("–"),
                                  rows["topic"].fillna("–")])
        traces.append(dict(
            type="scattergeo", lat=rows["lat"].round(3).tolist(),
            lon=rows["lon"].round(3).tolist(), mode="markers",
            name=AUDIENCE_LABELS.get(audience, audience),
            marker=dict(size=sizes[rows.index].tolist(),
                        color=AUDIENCE_COLOURS.get(audience, SAFE[-1]), opacity=0.75,
                        line=dict(color="white", width=0.6)),
            customdata=custom.tolist(),
            hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]}, %{customdata[2]}<br>"
                           "%{customdata[3]} · %{customdata[4]:,} participants<br>"
                           "Organisation: %{customdata[5]}<br>Topic: %{customdata[6]}"
                           "<extra>%{fullData.name}</extra>")))
    return dict(data=traces, layout=_geo_layout(
        showlegend=True,
        legend=dict(orientation="h", y=0.02, x=0.01, bgcolor="rgba(255,255,255,0.8)"),
        uirevision="training"))


def _risk_underlay(risk: pd.DataFrame, title: str) -> dict:
    """Countries in greys to dark orange by their forecast risk (percent), quiet enough for
    the bubbles to stay readable on top; no legend entry, its own colour bar."""
    known = risk.dropna(subset=["risk_1y"])
    percent = (known["risk_1y"] * 100).round(2)
    return dict(
        type="choropleth", locations=known["iso3"].tolist(), locationmode="ISO-3",
        z=percent.tolist(), zmin=0, zmax=float(max(percent.max(), 1.0)),
        colorscale=[[0, "#f4f4f2"], [0.35, "#f3d9b8"], [1, "#c0622b"]],
        marker=dict(line=dict(color="#ffffff", width=0.4)), showlegend=False, opacity=0.85,
        colorbar=dict(title=dict(text=title, side="right"), ticksuffix="%", thickness=12,
                      len=0.55, x=1.0, y=0.55),
        customdata=known[["name"]].to_numpy().tolist(),
        hovertemplate="<b>%{customdata[0]}</b>: %{z:.1f}% risk<extra></extra>")


def bubble_key(largest: int) -> list[tuple[int, float]]:
    """Reference bubbles for a key: (participants, diameter in pixels) for the largest value
    and about a half and a tenth of it, drawn as :func:`bubble_sizes` draws them."""
    if largest <= 0:
        return []
    values = sorted({largest, max(1, round(largest / 2)), max(1, round(largest / 10))})
    return list(zip(values, bubble_sizes(pd.Series(values)), strict=True))


def _stacked_layout(height: int, y_title: str, legend_y: float, xaxis: dict,
                    tallest: float = 0) -> dict:
    """The layout of a stacked bar chart over time, its legend in a row below; a y axis
    of whole numbers (one tick per count up to 6: plotly's own ticks read "1 1 2 2")."""
    yaxis = dict(title=dict(text=y_title), tickformat=",d", gridcolor="#e5e8ec",
                 rangemode="tozero")
    if tallest <= 6:
        yaxis.update(tick0=0, dtick=1)
    return dict(barmode="stack", height=height, font=FONT, paper_bgcolor="white",
                plot_bgcolor="white", margin=dict(l=50, r=10, t=10, b=40),
                legend=dict(orientation="h", y=legend_y, yanchor="top", font=dict(size=11)),
                yaxis=yaxis, xaxis=xaxis)


def _tallest_stack(frame: pd.DataFrame, value: str) -> float:
    """The highest stacked bar: the largest total of ``value`` in one period."""
    return float(frame.groupby("period")[value].sum().max()) if len(frame) else 0.0


def training_series(frame: pd.DataFrame, labels: dict[str, str] | None = None,
                    height: int = 300) -> dict:
    """Stacked bars of trainings per year, one colour per group (audience or topic)."""
    if frame.empty:
        return empty_figure("No trainings match these filters", height)
    traces = []
    for i, (key, rows) in enumerate(frame.groupby("group", sort=True)):
        name = (labels or {}).get(key, key)
        traces.append(dict(
            type="bar", x=rows["period"].astype(int).tolist(), y=rows["trainings"].tolist(),
            name=name, marker=dict(color=AUDIENCE_COLOURS.get(key, SAFE[i % len(SAFE)])),
            customdata=rows["participants"].tolist(),
            hovertemplate=(f"<b>{name}</b><br>%{{x}}: %{{y:,}} trainings, "
                           "%{customdata:,} participants<extra></extra>")))
    return dict(data=traces, layout=_stacked_layout(
        height, "Trainings", legend_y=-0.2, xaxis=dict(dtick=1, tickformat="d"),
        tallest=_tallest_stack(frame, "trainings")))


def coverage_map(members: pd.DataFrame) -> dict:
    """The chosen organisations' members on a date: member, member of several chosen
    (overlap), suspended; hover lists their organisations and mechanisms."""
    if members.empty:
        return empty_figure("No members recorded on this date", MAP_HEIGHT)
    status = np.where(members["suspended_in"].map(len) > 0, 3,
                      np.where(members["n_orgs"] > 1, 2, 1))
    custom = np.column_stack([
        members["name"], members["orgs"].map(", ".join),
        members["suspended_in"].map(lambda v: ", ".join(v) or "none"),
        members["mechanisms"].map(lambda v: "<br>".join(v) or "none recorded"),
        [COVERAGE_STATUS[s][0] for s in status]])
    scale = []
    for k, (_, colour) in COVERAGE_STATUS.items():
        scale += [[(k - 1) / 3, colour], [k / 3, colour]]
    trace = dict(
        type="choropleth", locations=members["iso3"].tolist(), locationmode="ISO-3",
        z=status.tolist(), zmin=0.5, zmax=3.5, colorscale=scale,
        marker=dict(line=dict(color="#ffffff", width=0.5)),
        colorbar=dict(tickvals=list(COVERAGE_STATUS), thickness=14, len=0.5,
                      ticktext=[label for label, _ in COVERAGE_STATUS.values()]),
        customdata=custom.tolist(),
        hovertemplate=("<b>%{customdata[0]}</b> (%{customdata[4]})<br>Member of: "
                       "%{customdata[1]}<br>Suspended in: %{customdata[2]}<br>"
                       "<b>Early-warning mechanisms</b><br>%{customdata[3]}<extra></extra>"))
    return dict(data=[trace], layout=_geo_layout(uirevision="coverage"))


def gap_map(gaps: pd.DataFrame) -> dict:
    """Countries coloured by their prevention gap (risk x missing capacity, 0..1)."""
    if gaps.empty:
        return empty_figure("No country has a risk score on this date", MAP_HEIGHT)
    trace = dict(
        type="choropleth", locations=gaps["iso3"].tolist(), locationmode="ISO-3",
        z=gaps["gap"].round(3).tolist(), zmin=0, zmax=1, colorscale=colorscale("OrRd"),
        marker=dict(line=dict(color="#ffffff", width=0.4)),
        colorbar=dict(title=dict(text="gap 0-1", side="right"), thickness=14, len=0.7),
        customdata=np.column_stack([gaps["name"], gaps["rank"], gaps["reasons"]]).tolist(),
        hovertemplate=("<b>%{customdata[0]}</b>: gap %{z:.2f} (rank %{customdata[1]})<br>"
                       "%{customdata[2]}<extra></extra>"))
    return dict(data=[trace], layout=_geo_layout(uirevision="gaps"))
