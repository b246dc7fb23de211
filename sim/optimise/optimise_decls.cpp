// The optimisation file's declared keys (docs/parameters.md) and its JSON Schema; the loader is optimise_file.cpp.
#include "sim/optimise/optimise_file.hpp"

#include "sim/scenario/decl_helpers.hpp"
#include "sim/scenario/schema.hpp"

#include <nlohmann/json.hpp>

namespace btlinksim {

namespace {
using namespace decl;
}  // namespace

const char* optimise_metric_help()
{
  return "a column of the sinks, links or devices table (btlinksim outputs), range (the speaker's simulated range, as "
         "btlinksim range --vary), or a variable's path";
}

const ParamTable& optimise_table()
{
  static const ParamTable t{
      "optimise",
      "Optimisation file (scenarios/optimise/*.yaml; docs/optimise.md): a base scenario, free variables, an objective "
      "and constraints",
      {text_decl("optimise", "(file name)", "title of the optimisation"),
       text_decl("base", "", "the base scenario file (relative to the optimisation file)"),
       map_decl("variables",
                "path in the scenario: { from: A, to: B } (a number in bounds), { inside: [[x, y], ...] } (a position "
                "inside a polygon) or [values] (each tried)"),
       map_decl("objective", "{ maximise: METRIC, of: NAME } or { minimise: METRIC, of: NAME } (or pareto instead)", "(none)"),
       list_decl("constraints", Dimension::dimensionless, 0, "(none)",
                 "[{ metric: METRIC, of: NAME, at_most: LIMIT }, ...] (or at_least), decided on the 95 % bound"),
       list_decl("pareto", Dimension::dimensionless, 2, "(none)",
                 "two objectives, e.g. [{ minimise: e2e_latency_mean_s, of: right }, { maximise: range, of: right }]: "
                 "the Pareto front instead of one optimum (replaces objective)"),
       {"pareto_points", Dimension::count, "7", 3, 50, {}, "designs on the Pareto front (the two ends included)"},
       {"replications", Dimension::count, "3", 2, 1000, {}, "replications of every evaluation at first (at least 2: an interval needs them)"},
       {"max_replications", Dimension::count, "12", 2, 1000, {},
        "replications an evaluation may grow to while a constraint's 95 % interval straddles its limit"},
       {"seed", Dimension::count, "1", 0, 9007199254740992.0, {}, "master seed of every run (common random numbers)"},
       choice_decl("method", "cobyla", {"cobyla", "bobyqa"},
                   "NLopt's derivative-free method: cobyla (constraints, regions) or bobyqa (bounds only)"),
       {"max_evaluations", Dimension::count, "200", 1, 100000, {}, "evaluations per search (a combination of the listed values, from one start)"},
       {"starts", Dimension::count, "1", 1, 1000, {},
        "searches per combination: from the base's values, then from points spread over the bounds (Halton): a "
        "local method finds the optimum of the basin it starts in"},
       {"tolerance", Dimension::fraction, "0.1 %", 1e-9, 0.5, {}, "stop when a step changes every variable by less than this share of its span"},
       map_decl("range", "how the metric range is measured (see optimise.range)", "(defaults)"),
       text_decl("output", "(none)", "the optimisation's HDF5 result file")}};
  return t;
}

const ParamTable& optimise_objective_table()
{
  static const ParamTable t{"optimise.objective",
                            "Objective (one of maximise and minimise; `of` names the sink, device or link a->b)",
                            {text_decl("maximise", "(none)", optimise_metric_help()), text_decl("minimise", "(none)", optimise_metric_help()),
                             text_decl("of", "(none)", "the sink or device (a speaker for range), or the link a->b")}};
  return t;
}

const ParamTable& optimise_constraint_table()
{
  static const ParamTable t{"optimise.constraints[]",
                            "Constraint (one of at_most and at_least, in the metric's unit)",
                            {text_decl("metric", "", optimise_metric_help()),
                             text_decl("of", "(none)", "the sink or device (a speaker for range), or the link a->b"),
                             text_decl("at_most", "(none)", "the 95 % upper bound must not exceed this"),
                             text_decl("at_least", "(none)", "the 95 % lower bound must not fall below this")}};
  return t;
}

const ParamTable& optimise_range_table()
{
  static const ParamTable t{
      "optimise.range",
      "How the metric range is measured: the speaker moved along the line from its anchor, by bisection per replication",
      {text_decl("from", "(the device feeding the speaker)", "anchor device"),
       {"min", Dimension::length, "0.5 m", 0.01, 1e5, {}, "smallest distance tried"},
       {"max", Dimension::length, "100 m", 0.01, 1e5, {}, "largest distance tried"},
       {"tolerance", Dimension::length, "0.25 m", 0.001, 100, {}, "bisection stops within this"},
       {"max_dropouts_per_min", Dimension::count, "1", 0, 1e6, {}, "the criterion: the speaker plays with at most this many dropouts per minute"}}};
  return t;
}

std::string optimise_schema_json()
{
  using json = nlohmann::ordered_json;
  json j{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
         {"$id", "btlinksim-optimise"},
         {"description", "btlinksim optimisation file (generated by `btlinksim schema --optimise`; docs/optimise.md)"}};
  j.update(table_schema(optimise_table()));
  const json objective = table_schema(optimise_objective_table());
  j["properties"]["objective"]              = objective;
  j["properties"]["pareto"]["items"]        = objective;
  j["properties"]["constraints"]["items"]   = table_schema(optimise_constraint_table());
  j["properties"]["range"]                  = table_schema(optimise_range_table());
  j["properties"]["variables"]["additionalProperties"] = json{
      {"oneOf", json::array({json{{"type", "array"}, {"minItems", 1}},
                             json{{"type", "object"}, {"required", {"from", "to"}}, {"additionalProperties", false},
                                  {"properties", {{"from", {{"type", "string"}}}, {"to", {{"type", "string"}}}}}},
                             json{{"type", "object"}, {"required", {"inside"}}, {"additionalProperties", false},
                                  {"properties", {{"inside", {{"type", "array"}, {"minItems", 3}}}}}}})}};
  return j.dump(2) + "\n";
}

}  // namespace btlinksim
