"""How figures and reports write numbers and name columns: an interval's digits follow its half-width, and a
column's name is its declared label (the `label` attribute the simulator writes from its output declarations)."""
import math

# Units shown scaled: a time in seconds is shown in milliseconds.
DISPLAY = {"s": ("ms", 1e3)}


def display_unit(unit):
    """(the unit to show, the factor to multiply by) for a declared unit: s -> (ms, 1000); others unchanged."""
    return DISPLAY.get(unit, (unit, 1.0))


def _fixed(x, decimals):
    if decimals > 0:
        return f"{x:.{decimals}f}"
    return f"{round(x, decimals):.0f}"


def interval_text(mean, half, scale=1.0):
    """'152.0000 ± 0.0085', '1300 ± 1200', '0 ± 0': the half-width to two significant digits and the mean to the
    same decimal place (the digits the interval supports); the mean alone (3 significant digits) without a
    half-width; '–' without a mean."""
    if mean is None or math.isnan(mean):
        return "–"
    m = mean * scale
    if half is None or math.isnan(half):
        return f"{m:.3g}"
    h = abs(half * scale)
    if h == 0:
        return f"{m:.3g} ± 0"
    decimals = 1 - math.floor(math.log10(h))
    h_r = round(h, decimals)
    if h_r >= 10 ** (2 - decimals):  # 0.0995 rounds to 0.10: one digit fewer
        decimals -= 1
        h_r = round(h, decimals)
    return f"{_fixed(m, decimals)} ± {_fixed(h_r, decimals)}"


def column_label(attrs, column):
    """A column's label from its dataset's attributes (h5py attrs or a dict), else its name."""
    v = attrs.get("label") if hasattr(attrs, "get") else None
    if isinstance(v, bytes):
        v = v.decode()
    return v or column


def axis_label(label, unit):
    """'end-to-end latency (mean) [ms]'; a plain number ('1') or text has no unit shown."""
    return f"{label} [{unit}]" if unit and unit not in ("1", "text") else label
