// The page `btlinksim serve` sends: HTML and JavaScript that draw the floor plan as SVG, send the edits to
// /api/evaluate and /api/coverage and show what comes back. It holds no model: colours and layout only.
#pragma once

namespace btlinksim {

const char* serve_page();

}  // namespace btlinksim
