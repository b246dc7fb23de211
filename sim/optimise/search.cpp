#include "sim/optimise/search.hpp"

#include <nlopt.hpp>

#include <cmath>
#include <stdexcept>

namespace btlinksim {

namespace {
// NLopt asks for the objective and then the constraints at the same point: one evaluation serves both.
struct Cache {
  const SearchFunction* f = nullptr;
  std::vector<double> x, g;
  double value   = 0;
  int evaluations = 0;
  void at(const std::vector<double>& point)
  {
    if (evaluations > 0 && point == x)
      return;
    x = point;
    g.assign(g.size(), 0.0);
    value = (*f)(x, g);
    ++evaluations;
  }
};

const char* stop_text(nlopt::result r)
{
  switch (r) {
    case nlopt::XTOL_REACHED: return "converged: the steps became smaller than the tolerance";
    case nlopt::FTOL_REACHED: return "converged: the objective stopped changing";
    case nlopt::MAXEVAL_REACHED: return "stopped at max_evaluations";
    case nlopt::STOPVAL_REACHED: return "reached the stop value";
    case nlopt::SUCCESS: return "converged";
    default: return "stopped";
  }
}
}  // namespace

SearchOutcome minimise(const SearchProblem& p, const SearchFunction& f)
{
  const unsigned n = static_cast<unsigned>(p.x0.size());
  Cache cache;
  cache.f = &f;
  cache.g.assign(static_cast<size_t>(p.constraints), 0.0);
  SearchOutcome out;
  if (n == 0) {  // nothing continuous: the one design
    cache.at({});
    out.f           = cache.value;
    out.evaluations = 1;
    out.stop        = "one design (no continuous variable)";
    return out;
  }
  const bool bobyqa = p.method == "bobyqa";
  if (bobyqa && p.constraints > 0)
    throw std::invalid_argument("bobyqa takes no constraints");
  // BOBYQA needs at least two variables' worth of interpolation points; NLopt falls back for n = 1 by itself.
  nlopt::opt opt(bobyqa ? nlopt::LN_BOBYQA : nlopt::LN_COBYLA, n);
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(std::vector<double>(n, 1.0));
  opt.set_xtol_abs(p.xtol);
  opt.set_maxeval(p.max_evaluations);
  opt.set_initial_step(p.initial_step);
  opt.set_min_objective(
      [](unsigned, const double* x, double*, void* data) {
        auto* c = static_cast<Cache*>(data);
        c->at(std::vector<double>(x, x + c->x.size()));
        return c->value;
      },
      &cache);
  cache.x.assign(n, std::nan(""));  // sizes the first call's point
  if (p.constraints > 0)
    opt.add_inequality_mconstraint(
        [](unsigned m, double* result, unsigned, const double* x, double*, void* data) {
          auto* c = static_cast<Cache*>(data);
          c->at(std::vector<double>(x, x + c->x.size()));
          for (unsigned i = 0; i < m; ++i)
            result[i] = c->g[i];
        },
        &cache, std::vector<double>(static_cast<size_t>(p.constraints), 1e-9));
  std::vector<double> x = p.x0;
  double fx             = 0;
  try {
    out.stop = stop_text(opt.optimize(x, fx));
  } catch (const nlopt::roundoff_limited&) {
    out.stop = "stopped: no further progress within rounding";
  } catch (const nlopt::forced_stop&) {
    out.stop = "stopped by the caller";
  } catch (const std::runtime_error& e) {
    out.stop = std::string("stopped: ") + e.what();
  }
  out.x           = x;
  out.f           = fx;
  out.evaluations = cache.evaluations;
  return out;
}

}  // namespace btlinksim
