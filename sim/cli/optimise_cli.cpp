// `btlinksim optimise FILE`: the best design of an optimisation file (sim/optimise/), its result file and the
// answer on the terminal (or as JSON).
#include "sim/batch/mpi_session.hpp"
#include "sim/batch/run_store.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/optimise_answer.hpp"
#include "sim/cli/progress_line.hpp"
#include "sim/optimise/optimise_writer.hpp"
#include "sim/optimise/optimiser.hpp"
#include "sim/output/json.hpp"
#include "sim/output/output_guard.hpp"
#include "sim/output/output_lock.hpp"
#include "sim/scenario/sweep_yaml.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

namespace btlinksim::cli {

namespace {

struct OptimiseCliOptions {
  std::string file;
  int jobs      = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  bool fresh    = false;
  bool force    = false;  // replace an output that holds another file's result
  bool json     = false;
  bool quiet    = false;
  bool check    = false;
  double timeout_s = 0;
};

nlohmann::ordered_json interval_json(const Interval& i)
{
  return {{"mean", json_number(i.mean)}, {"ci95", json_number(i.half_width)}, {"n", i.n}};
}

nlohmann::ordered_json evaluation_json(const Optimisation& o, const Evaluation& e)
{
  nlohmann::ordered_json vars = nlohmann::ordered_json::object();
  const auto values = o.combination(e.combination);
  size_t d = 0, k = 0;
  for (const auto& v : o.variables) {
    if (v.kind == OptVariable::Kind::discrete)
      vars[v.path] = values[k++];
    else if (v.kind == OptVariable::Kind::continuous)
      vars[v.path] = e.x[d];
    else
      vars[v.path] = {e.x[d], e.x[d + 1]};
    d += static_cast<size_t>(v.dims());
  }
  nlohmann::ordered_json cons = nlohmann::ordered_json::array();
  static const char* kWord[] = {"met", "violated", "undecided"};
  for (size_t i = 0; i < o.constraints.size(); ++i)
    cons.push_back({{"metric", o.constraints[i].label()}, {"value", interval_json(e.constraint_values[i])},
                    {"status", kWord[static_cast<int>(e.status[i])]}});
  nlohmann::ordered_json j{{"evaluation", e.index}, {"variables", vars}, {"replications", e.replications},
                           {"objective", interval_json(e.objective)}};
  if (o.pareto.size() == 2)
    j["second"] = interval_json(e.second);
  j["constraints"] = cons;
  j["feasible"]    = e.feasible;
  return j;
}

void print_json(const Optimisation& o, const OptimiseResult& r)
{
  nlohmann::ordered_json j{{"optimise", o.title},
                           {"objective", {{"metric", o.objective.label()}, {"unit", o.objective.unit},
                                          {"direction", o.objective.maximise ? "maximise" : "minimise"}}},
                           {"evaluations", r.evaluations.size()},
                           {"runs", r.runs + r.stored_runs},
                           {"stored_runs", r.stored_runs},
                           {"wall_s", r.wall_s},
                           {"engine_s", r.engine_s},
                           {"design_s", r.design_s},
                           {"best", r.best < 0 ? nlohmann::ordered_json() : evaluation_json(o, r.evaluations[r.best])},
                           {"active", r.active}};
  nlohmann::ordered_json combos = nlohmann::ordered_json::array();
  for (const auto& c : r.combinations)
    combos.push_back({{"values", o.combination(c.combination)},
                      {"best", c.best < 0 ? nlohmann::ordered_json() : evaluation_json(o, r.evaluations[c.best])},
                      {"evaluations", c.evaluations},
                      {"stop", c.stop}});
  j["combinations"] = combos;
  nlohmann::ordered_json front = nlohmann::ordered_json::array();
  for (size_t i : r.front)
    front.push_back(evaluation_json(o, r.evaluations[i]));
  j["front"] = front;
  std::cout << j.dump(2) << "\n";
}

int run_optimise(const OptimiseCliOptions& c)
{
  const OptimisationLoad L = load_optimisation_file(c.file);
  if (!L.opt) {
    std::cerr << L.format_errors();
    return 2;
  }
  const Optimisation& o = *L.opt;
  if (!o.output.empty())
    if (const std::string why = batch_output_problem(o.output, {o.file, o.base_file}, "optimisation", c.force); !why.empty()) {
      std::cerr << format_diagnostic(o.file, o.output_where, "optimise.output: " + why);
      return 2;
    }
  if (c.check) {
    std::printf("%s: %zu variable%s, %zu combination%s, %d continuous dimension%s: ok\n", o.file.c_str(),
                o.variables.size(), o.variables.size() == 1 ? "" : "s", o.combinations(),
                o.combinations() == 1 ? "" : "s", o.continuous_dims(), o.continuous_dims() == 1 ? "" : "s");
    return 0;
  }
  MpiSession mpi;
  if (mpi.launched_without_support()) {
    std::cerr << "btlinksim optimise: started by mpirun, but this btlinksim was built without MPI; install "
                 "libopenmpi-dev and rebuild (bash .ci/setup)\n";
    return 2;
  }
  if (mpi.size() > 1 && o.output.empty()) {
    std::cerr << "btlinksim optimise: under mpirun the optimisation needs an output (its ranks share OUTPUT.runs)\n";
    return 2;
  }
  std::optional<OutputLock> lock;
  if (!o.output.empty()) {  // one command at a time on an output; the ranks of one mpirun share it
    std::string holder, error;
    lock = OutputLock::acquire(o.output, mpi.size() > 1 ? OutputLock::Mode::shared : OutputLock::Mode::exclusive,
                               holder, error);
    if (!lock) {
      std::cerr << "btlinksim optimise: " << OutputLock::refusal(o.output, holder, error) << "\n";
      return 2;
    }
  }
  OptimiseOptions opt;
  opt.jobs          = c.jobs;
  opt.fresh         = c.fresh;
  opt.run_timeout_s = c.timeout_s;
  if (mpi.size() > 1) {
    // Each rank searches its share of the combinations into the run store; rank 0 then replays every search
    // from the store (NLopt's methods are deterministic) and answers: the same answer as one process.
    if (mpi.rank() == 0 && c.fresh)
      RunStore(o.output).prepare(true);
    mpi.barrier();
    OptimiseOptions part = opt;
    part.fresh           = false;
    for (size_t k = static_cast<size_t>(mpi.rank()); k < o.combinations(); k += static_cast<size_t>(mpi.size()))
      part.only_combinations.push_back(k);
    int rc = 0;
    if (!part.only_combinations.empty())
      try {
        optimise(o, part);
      } catch (const std::exception& e) {
        std::cerr << "btlinksim optimise: rank " << mpi.rank() << ": " << e.what() << "\n";
        rc = 1;
      }
    mpi.barrier();
    if (mpi.rank() != 0)
      return rc;
    opt.fresh              = false;
    opt.split_combinations = false;  // every search is in the store: rank 0 only replays
  }
  auto line         = std::make_shared<ProgressLine>();
  EvaluationReport report;
  if (!c.quiet)
    report = [&, line](const Evaluation& e, const Evaluation* best) {
      std::string text = "optimise: evaluation " + std::to_string(e.index + 1) + " (" +
                         (e.error.empty() ? shown(e.objective.mean, o.objective.unit) : "failed") +
                         (e.feasible ? "" : ", infeasible") + "); best so far " +
                         (best ? shown(best->objective.mean, o.objective.unit) + " at evaluation " + std::to_string(best->index)
                               : std::string("none feasible"));
      if (line->tty() || (e.index + 1) % 10 == 0)
        line->show(text);
    };
  if (!c.quiet && mpi.size() == 1 && opt.jobs > 1 && o.combinations() > 1)
    std::fprintf(stderr, "optimise: %zu combinations searched by %zu processes side by side, then replayed from the "
                         "run store\n", o.combinations(), std::min<size_t>(static_cast<size_t>(opt.jobs), o.combinations()));
  OptimiseResult r;
  try {
    r = optimise(o, opt, report);
  } catch (const std::exception& e) {
    line->clear();
    std::cerr << "btlinksim optimise: " << e.what() << "\n";
    return 1;
  }
  line->clear();
  if (c.json)
    print_json(o, r);
  else
    print_answer(answer_of(o, r));
  if (!o.output.empty()) {
    try {
      write_optimise_hdf5(o.output, o, r);
      if (!c.json)
        std::printf("results: %s\n", o.output.c_str());
    } catch (const std::exception& e) {
      std::cerr << "btlinksim optimise: " << e.what() << "\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace

Action add_optimise_command(CLI::App& app)
{
  auto o   = std::make_shared<OptimiseCliOptions>();
  auto* sub = app.add_subcommand("optimise", "Find the best design of an optimisation file (docs/optimise.md): NLopt's "
                                             "COBYLA over the continuous variables, every combination of the listed values");
  sub->add_option("file", o->file, "optimisation file (scenarios/optimise/*.yaml)")->required();
  sub->add_option("-j,--jobs", o->jobs, "runs at a time (default: every core)")->check(CLI::Range(1, 4096));
  sub->add_flag("--fresh", o->fresh, "forget the runs kept in OUTPUT.runs from an earlier (killed) run");
  sub->add_flag("--force", o->force, "replace an output that holds the result of another file (refused otherwise: exit 2)");
  sub->add_flag("--json", o->json, "the answer as JSON on stdout");
  sub->add_flag("--quiet", o->quiet, "no progress line");
  sub->add_flag("--check", o->check, "check the file (and every combination at the centre of the bounds) and stop");
  sub->add_option("--timeout", o->timeout_s, "a run still going after this many seconds fails its design (0: never)")
      ->check(CLI::NonNegativeNumber);
  return [sub, o]() -> int { return sub->parsed() ? run_optimise(*o) : -1; };
}

}  // namespace btlinksim::cli
