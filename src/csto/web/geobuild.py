"""Build the vendored map geometry from world-atlas TopoJSON (a maintainer's tool, run once).

The map of members over time needs the outlines of the states around the CSTO, offline.
They come from Natural Earth 1:110m admin-0 (version 4.1.0, public domain) as redistributed
by the npm package ``world-atlas`` 2.0.2 (ISC licence), file ``countries-110m.json``::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m csto.web.geobuild package/countries-110m.json

This decodes the TopoJSON arcs, projects them (Albers equal-area conic, see
:data:`PROJECTION`), simplifies each shared arc once (Douglas-Peucker, so neighbours keep
a common border), keeps the countries that fall inside the frame and writes
``csto/web/data/world/region-110m.json``: SVG path data per country with its ISO codes.
Nothing here runs when the application serves a page (:mod:`csto.web.worldmap` reads the
result). ISO alpha-3 codes for countries other than the nine in :data:`csto.codes.STATES`
come from the ``pycountry`` package when it is installed at build time (not a dependency).
"""

from __future__ import annotations

import importlib
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from csto.codes import STATES

__all__ = ["PROJECTION", "build", "main"]

Point = tuple[float, float]

#: Albers equal-area conic centred on the CSTO's territory; equal area keeps sizes honest.
PROJECTION = {"lon0": 80.0, "lat0": 50.0, "lat1": 40.0, "lat2": 65.0}
#: the frame, in degrees, before projection: Belarus and Kaliningrad to Chukotka
FRAME = {"west": 14.0, "east": 191.0, "south": 28.0, "north": 82.0}
WIDTH = 1000.0
TOLERANCE = 0.45  # simplification tolerance, in output pixels
MARGIN = 0.03  # around the framed states, as a share of their extent
OUT = Path(__file__).parent / "data" / "world" / "region-110m.json"


def _albers() -> Any:
    p = PROJECTION
    phi0, phi1, phi2 = (math.radians(p[k]) for k in ("lat0", "lat1", "lat2"))
    n = (math.sin(phi1) + math.sin(phi2)) / 2
    c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
    rho0 = math.sqrt(c - 2 * n * math.sin(phi0)) / n

    def project(lon: float, lat: float) -> Point:
        theta = n * math.radians(lon - p["lon0"])
        rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
        return rho * math.sin(theta), -(rho0 - rho * math.cos(theta))  # y grows downwards

    return project


def _decode_arcs(topo: dict[str, Any]) -> list[list[Point]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker; the end points always stay (they are shared with other arcs)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = (
                abs(dy * (px - ax) - dx * (py - ay)) / norm
                if norm
                else math.hypot(px - ax, py - ay)
            )
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _alpha3(numeric: str) -> str | None:
    for info in STATES.values():
        if info.iso_numeric == numeric:
            return info.code
    try:
        pycountry: Any = importlib.import_module("pycountry")
    except ImportError:
        return None
    found = pycountry.countries.get(numeric=numeric)
    return None if found is None else str(found.alpha_3)


#: states outside the CSTO that the map must show whole because the record names them (the
#: parliaments of Afghanistan and Serbia are observers in the Parliamentary Assembly): ISO
#: numeric codes; the frame is the box around these and the nine states
FRAMED_OBSERVERS = {"AFG": "004", "SRB": "688"}

#: borders that changed while the CSTO existed, for states the map shows. Natural Earth
#: draws today's de facto lines; before ``on`` the territory in ``box`` (degrees: west,
#: south, east, north) belonged to ``before`` and is drawn inside its outline; from ``on``
#: it is drawn on its own (the map colours it "annexed" and does not give it the status of
#: the state that controls it). Sources in data/world/README.md.
#: the states the inset enlarges
INSET_STATES = ("ARM", "AZE", "GEO")

BORDER_CHANGES: tuple[dict[str, Any], ...] = (
    {
        "key": "crimea",
        "name": "Crimea",
        "box": (32.0, 44.0, 36.8, 46.4),
        "in": "643",  # Natural Earth 4.1.0 draws Crimea inside Russia (de facto)
        "before": "804",  # Ukraine
        "on": "2014-03-18",  # the treaty signed in Moscow on 18 March 2014
    },
)


def _shapes(
    kept: list[dict[str, Any]], raw: list[list[Point]], rings_of: Any
) -> list[dict[str, Any]]:
    """The outlines to draw: one per kept country, with the BORDER_CHANGES applied (the
    territory cut out of the country that holds it today, and, before the change, a
    second outline of the state it belonged to that includes it)."""
    shapes = [
        {"key": g["id"], "numeric": g["id"], "name": g["properties"]["name"], "rings": rings_of(g)}
        for g in kept
    ]
    by_numeric = {s["numeric"]: s for s in shapes}
    for change in BORDER_CHANGES:
        holder, before = by_numeric[change["in"]], by_numeric[change["before"]]

        def inside(ring: list[int], box: Sequence[float] = change["box"]) -> bool:
            w, s_, e, n = box
            pts = [p for i in ring for p in raw[i if i >= 0 else ~i]]
            return all(w <= x <= e and s_ <= y <= n for x, y in pts)

        cut = [r for r in holder["rings"] if inside(r)]
        if len(cut) != 1:
            raise ValueError(
                f"{change['key']}: expected one ring in {change['box']}, got {len(cut)}"
            )
        (piece,) = cut
        holder["rings"] = [r for r in holder["rings"] if r is not piece]
        # the earlier outline: splice the piece into the ring that shares one arc with it
        merged = []
        spliced = False
        for ring in before["rings"]:
            shared = [j for j, a in enumerate(ring) if ~a in piece]
            if len(shared) == 1 and not spliced:
                i = shared[0]
                k = piece.index(~ring[i])
                ring = ring[:i] + piece[k + 1 :] + piece[:k] + ring[i + 1 :]
                spliced = True
            merged.append(ring)
        if not spliced:
            raise ValueError(f"{change['key']}: no single arc shared with {before['name']}")
        index = shapes.index(before)
        shapes[index] = {**before, "from": change["on"]}
        shapes.insert(index, {**before, "rings": merged, "until": change["on"]})
        shapes.append(
            {
                "key": change["key"],
                "numeric": None,
                "name": change["name"],
                "rings": [piece],
                "from": change["on"],
                "annexed": True,
            }
        )
    return shapes


def build(topo: dict[str, Any]) -> dict[str, Any]:
    """The region's geometry as SVG path data, from a world-atlas countries Topology."""
    project = _albers()
    raw = _decode_arcs(topo)
    geometries = topo["objects"]["countries"]["geometries"]

    def rings_of(geom: dict[str, Any]) -> list[list[int]]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        return [ring for poly in polys for ring in poly]

    def unwrap(lon: float, numeric: str | None) -> float:
        # Russia's polygon is cut at the antimeridian: put Chukotka's east end beyond 180°
        return lon + 360 if numeric == STATES["RUS"].iso_numeric and lon < 0 else lon

    f = FRAME
    kept: list[dict[str, Any]] = []
    for geom in geometries:
        numeric = geom.get("id")
        if numeric is None or geom["type"] not in ("Polygon", "MultiPolygon"):
            continue
        lons = [
            unwrap(raw[i if i >= 0 else ~i][0][0], numeric) for ring in rings_of(geom) for i in ring
        ]
        points = [
            (unwrap(x, numeric), y)
            for ring in rings_of(geom)
            for i in ring
            for x, y in raw[i if i >= 0 else ~i]
        ]
        if min(lons) < -30 and numeric != STATES["RUS"].iso_numeric:
            continue  # the Americas, and countries straddling the antimeridian
        inside = any(
            f["west"] <= x <= f["east"] and f["south"] <= y <= f["north"] for x, y in points
        )
        if inside:
            kept.append(geom)

    # the frame: the projected bounding box of the nine states and the framed observers
    codes = {s.iso_numeric for s in STATES.values()} | set(FRAMED_OBSERVERS.values())
    ours = [
        project(unwrap(x, g["id"]), y)
        for g in kept
        if g["id"] in codes
        for ring in rings_of(g)
        for i in ring
        for x, y in raw[i if i >= 0 else ~i]
    ]
    min_x, max_x = min(p[0] for p in ours), max(p[0] for p in ours)
    min_y, max_y = min(p[1] for p in ours), max(p[1] for p in ours)
    pad_x, pad_y = (max_x - min_x) * MARGIN, (max_y - min_y) * MARGIN
    min_x, max_x, min_y, max_y = min_x - pad_x, max_x + pad_x, min_y - pad_y, max_y + pad_y
    scale = WIDTH / (max_x - min_x)
    height = round((max_y - min_y) * scale)

    def to_px(lon: float, lat: float) -> Point:
        x, y = project(lon, lat)
        return (x - min_x) * scale, (y - min_y) * scale

    needed = {i if i >= 0 else ~i for g in kept for ring in rings_of(g) for i in ring}
    arc_px: dict[int, list[Point]] = {}
    for i in needed:
        numeric_of = [g["id"] for g in kept if any(i in (j, ~j) for r in rings_of(g) for j in r)]
        rus = STATES["RUS"].iso_numeric in numeric_of
        projected = [to_px(x + 360 if rus and x < 0 else x, y) for x, y in raw[i]]
        arc_px[i] = _simplify(projected, TOLERANCE)

    features = []
    for shape in _shapes(kept, raw, rings_of):
        parts = []
        box = [math.inf, math.inf, -math.inf, -math.inf]
        biggest: tuple[float, Point] = (-1.0, (0.0, 0.0))
        for ring in shape["rings"]:
            pts: list[Point] = []
            for i in ring:
                arc = arc_px[i] if i >= 0 else arc_px[~i][::-1]
                pts.extend(arc if not pts else arc[1:])
            if len(pts) < 4:
                continue
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            if max(xs) < 0 or min(xs) > WIDTH or max(ys) < 0 or min(ys) > height:
                continue  # entirely outside the frame
            area = abs(_area(pts))
            if area < 0.5:
                continue  # smaller than a pixel: an islet
            if area > biggest[0]:
                biggest = (area, _centroid(pts))
            box = [min(box[0], *xs), min(box[1], *ys), max(box[2], *xs), max(box[3], *ys)]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in _dedupe(pts)) + "Z")
        if not parts:
            continue
        numeric = shape["numeric"]
        feature: dict[str, Any] = {
            "key": shape["key"] if numeric is None else numeric,
            "numeric": numeric,
            "iso3": None if numeric is None else _alpha3(numeric),
            "name": shape["name"],
            "d": "".join(parts),
            "label": [round(biggest[1][0], 1), round(biggest[1][1], 1)],
            "bbox": [round(v, 1) for v in box],
        }
        for key in ("from", "until", "annexed"):
            if key in shape:
                feature[key] = shape[key]
        if "until" in shape:
            feature["key"] += "-until-" + shape["until"]
        features.append(feature)
    features.sort(key=lambda x: (x["numeric"] or "999", x.get("until", ""), x["key"]))
    # the South Caucasus is too small to read at this scale: an inset enlarges it
    small = [f["bbox"] for f in features if f["iso3"] in INSET_STATES]
    x0, y0 = min(b[0] for b in small) - 3, min(b[1] for b in small) - 3
    x1, y1 = max(b[2] for b in small) + 3, max(b[3] for b in small) + 3
    return {
        "width": int(WIDTH),
        "height": height,
        "projection": {"name": "Albers equal-area conic", **PROJECTION},
        "frame": FRAME,
        "framed": sorted([*STATES, *FRAMED_OBSERVERS]),
        "source": "world-atlas 2.0.2 countries-110m.json (Natural Earth 4.1.0, 1:110m admin-0)",
        "simplified": f"Douglas-Peucker on shared arcs, {TOLERANCE} px at {int(WIDTH)} px wide",
        "border_changes": [
            {k: v for k, v in c.items() if k != "box"} | {"box": list(c["box"])}
            for c in BORDER_CHANGES
        ],
        "inset": [round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1)],
        "features": features,
    }


def _area(pts: Sequence[Point]) -> float:
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, [*pts[1:], pts[0]], strict=True))
        / 2
    )


def _centroid(pts: Sequence[Point]) -> Point:
    a = _area(pts)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, [*pts[1:], pts[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return (cx / (6 * a), cy / (6 * a)) if a else pts[0]


def _dedupe(pts: Sequence[Point]) -> list[Point]:
    out: list[Point] = []
    for x, y in pts:
        p = (round(x, 1), round(y, 1))
        if not out or out[-1] != p:
            out.append(p)
    return out


def main(argv: Sequence[str]) -> int:
    """``python -m csto.web.geobuild countries-110m.json [OUT]``."""
    if not argv:
        sys.stderr.write("usage: python -m csto.web.geobuild countries-110m.json [OUT]\n")
        return 2
    topo = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    result = build(topo)
    out.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")), "utf-8")
    sys.stdout.write(f"wrote {out}: {len(result['features'])} countries\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
