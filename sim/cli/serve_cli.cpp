// `btlinksim serve SCENARIO [--port N] [-j N]`: a local web page (127.0.0.1 only) that draws the scenario's floor
// plan and lets one drag a device, change the topology kind, packet type or playout delay, and see what the
// simulator gives: links coloured by received power, each sink's dropouts (with causes), latency and skew, and a
// coverage map of a speaker. Every request goes through the same loader and engine as `run` (sim/serve/); the
// page (sim/serve/page.cpp) draws, it computes nothing of the physics. Export gives the edited scenario's YAML.
#include "sim/cli/commands.hpp"
#include "sim/common/fd_io.hpp"
#include "sim/engine/runner.hpp"
#include "sim/serve/design_edit.hpp"
#include "sim/serve/evaluate.hpp"
#include "sim/serve/page.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace btlinksim::cli {

namespace {
using json = nlohmann::ordered_json;

struct ServeOptions {
  std::string file;
  int port         = 8765;
  int jobs         = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  double max_duration_s = 60;
  int replications = 3;
  int grid         = 12;
};

httplib::Server* g_server = nullptr;
extern "C" void stop_server(int) { if (g_server) g_server->stop(); }

// The design a request asks for: the base with the request's edits, loaded and checked; "" or why not.
std::string design_of(const json& req, const std::string& base_text, const Scenario& base, const ServeOptions& o,
                      std::string& text, std::optional<Scenario>& out)
{
  DesignEdit e;
  if (req.contains("positions")) {
    if (!req["positions"].is_object())
      return "positions: an object of device: [x, y] in m";
    for (const auto& [name, xy] : req["positions"].items()) {
      if (!xy.is_array() || xy.size() != 2 || !xy[0].is_number() || !xy[1].is_number())
        return "positions." + name + ": [x, y] in m";
      e.positions[name] = {xy[0].get<double>(), xy[1].get<double>()};
    }
  }
  auto word = [&](const char* key, std::string& to) -> std::string {
    if (!req.contains(key))
      return "";
    if (!req[key].is_string())
      return std::string(key) + ": a word";
    to = req[key].get<std::string>();
    return "";
  };
  if (std::string why = word("topology_kind", e.topology_kind); !why.empty())
    return why;
  if (std::string why = word("packet_type", e.packet_type); !why.empty())
    return why;
  if (req.contains("playout_delay_ms")) {
    if (!req["playout_delay_ms"].is_number())
      return "playout_delay_ms: a number of milliseconds";
    e.playout_delay_s = req["playout_delay_ms"].get<double>() / 1e3;
  }
  std::string why;
  text = edited_text(base_text, base, e, why);
  if (text.empty())
    return why;
  LoadResult L = load_scenario_text(text, base.file);
  if (!L.scenario)
    return L.errors.empty() ? "the design cannot be loaded" : L.errors.front().message;
  out = std::move(*L.scenario);
  // Within a second: the page's runs are short (the scenario's own length up to --max-duration) and few.
  out->duration_s   = std::min(out->duration_s, o.max_duration_s);
  out->replications = std::min(out->replications, o.replications);
  return "";
}

void reply(httplib::Response& res, int status, const json& body)
{
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

// One request's answer (its HTTP status, and the JSON body in `out`), computed where runs may be forked.
int answer(const std::string& request, bool coverage, const std::string& base_text, const Scenario& base,
           const ServeOptions& o, json& out)
{
  json body;
  try {
    body = json::parse(request.empty() ? "{}" : request);
  } catch (const json::exception& e) {
    out = {{"error", std::string("the request is not JSON: ") + e.what()}};
    return 400;
  }
  if (!body.is_object()) {
    out = {{"error", "the request must be a JSON object"}};
    return 400;
  }
  std::string text;
  std::optional<Scenario> s;
  if (std::string why = design_of(body, base_text, base, o, text, s); !why.empty()) {
    out = {{"error", why}};
    return 400;
  }
  try {
    if (coverage) {
      if (!body.contains("device") || !body["device"].is_string()) {
        out = {{"error", "device: the speaker whose coverage to map"}};
        return 400;
      }
      std::string why;
      json c = coverage_json(*s, body["device"].get<std::string>(), o.grid, std::max(2, o.grid * 2 / 3), o.jobs, why);
      out    = why.empty() ? c : json{{"error", why}};
      return why.empty() ? 200 : 400;
    }
    out                 = evaluate_json(*s, o.jobs);
    out["yaml"]         = text;
    out["duration_s"]   = s->duration_s;
    out["replications"] = s->replications;
    out["scenario"]     = scenario_json(*s);
    return 200;
  } catch (const std::exception& e) {
    out = {{"error", std::string("the runs failed: ") + e.what()}};
    return 500;
  }
}

// A message: a 32-bit code (the request's kind, or the answer's HTTP status), a 64-bit length, the bytes.
bool send_message(int fd, std::int32_t code, const std::string& bytes)
{
  const std::uint64_t n = bytes.size();
  return write_all(fd, &code, sizeof code) == 0 && write_all(fd, &n, sizeof n) == 0 &&
         write_all(fd, bytes.data(), bytes.size()) == 0;
}

bool receive_message(int fd, std::int32_t& code, std::string& bytes)
{
  std::uint64_t n = 0;
  if (read_all(fd, &code, sizeof code) != 0 || read_all(fd, &n, sizeof n) != 0 || n > (std::uint64_t{1} << 32))
    return false;
  bytes.resize(static_cast<size_t>(n));
  return read_all(fd, bytes.data(), bytes.size()) == 0;
}

// The server's end of the evaluator process (start_evaluator).
struct Evaluator {
  int fd    = -1;
  pid_t pid = -1;
  // The answer to a request (its HTTP status); 500 with a message when the evaluator is gone.
  int ask(const std::string& request, bool coverage, std::string& body)
  {
    std::int32_t status = 0;
    if (fd >= 0 && send_message(fd, coverage ? 1 : 0, request) && receive_message(fd, status, body))
      return status;
    body = json{{"error", "the evaluator process stopped (its message, if any, is on the server's stderr); restart btlinksim serve"}}.dump();
    return 500;
  }
  Evaluator() = default;
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;
  Evaluator(Evaluator&& e) noexcept : fd(e.fd), pid(e.pid) { e.fd = -1; e.pid = -1; }
  ~Evaluator()  // closing its end ends the evaluator's loop
  {
    if (fd >= 0)
      ::close(fd);
    if (pid > 0)
      while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
      }
  }
};

// Forks the evaluator: it answers each request with `answer` until the server closes its end. Call it while this
// process has one thread.
Evaluator start_evaluator(const std::function<int(const std::string&, bool, json&)>& answer_of)
{
  Evaluator e;
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return e;
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    ::close(sv[0]);
    ::close(sv[1]);
    return e;
  }
  if (pid == 0) {
    ::close(sv[0]);
    std::int32_t kind = 0;
    std::string request;
    while (receive_message(sv[1], kind, request)) {
      json out;
      int status = 500;
      try {
        status = answer_of(request, kind == 1, out);
      } catch (...) {
        out = {{"error", "internal error"}};
      }
      if (!send_message(sv[1], status, out.dump()))
        break;
    }
    std::fflush(nullptr);
    _exit(0);
  }
  ::close(sv[1]);
  e.fd  = sv[0];
  e.pid = pid;
  return e;
}
}  // namespace

Action add_serve_command(CLI::App& app)
{
  auto o    = std::make_shared<ServeOptions>();
  auto* sub = app.add_subcommand("serve", "A local web page (127.0.0.1) to move devices and change the design, "
                                          "with the simulator's answer at once and a coverage map");
  sub->add_option("file", o->file, "scenario YAML file")->required();
  sub->add_option("--port", o->port, "TCP port on 127.0.0.1 (0: any free one; the URL is printed)")->check(CLI::Range(0, 65535));
  sub->add_option("-j,--jobs", o->jobs, "runs at a time (default: every core)")->check(CLI::Range(1, 256));
  sub->add_option("--max-duration", o->max_duration_s, "the page's runs last at most this many seconds of audio")
      ->check(CLI::Range(1.0, 3600.0));
  sub->add_option("--replications", o->replications, "at most this many replications per design")->check(CLI::Range(1, 100));
  sub->add_option("--grid", o->grid, "coverage map: points along x (and as many along y as the plan's shape gives)")
      ->check(CLI::Range(2, 40));
  return [sub, o]() -> int {
    if (!sub->parsed())
      return -1;
    LoadResult L = load_scenario_file(o->file);
    if (!L.scenario) {
      std::cerr << L.format_errors();
      return 2;
    }
    const Scenario base = std::move(*L.scenario);
    const std::string base_text = base.text;
    // The runs are forked, and a fork beside other threads is unsafe: a lock another thread holds (the allocator's
    // under ASan, whose runtime in gcc 12 has no fork handlers) stays held in the child, which then hangs. So the
    // evaluator is a process of its own, forked here before the server starts any thread; the server's threads
    // pass it each request and its answer (one at a time: its runs use every slot).
    Evaluator evaluator = start_evaluator([&](const std::string& body, bool coverage, json& out) {
      return answer(body, coverage, base_text, base, *o, out);
    });
    if (evaluator.fd < 0) {
      std::cerr << "btlinksim serve: cannot start the evaluator process: " << std::strerror(errno) << "\n";
      return 1;
    }
    std::mutex busy;
    httplib::Server svr;
    svr.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_content(serve_page(), "text/html; charset=utf-8"); });
    svr.Get("/api/scenario", [&](const httplib::Request&, httplib::Response& res) { reply(res, 200, scenario_json(base)); });
    auto handle = [&](const httplib::Request& req, httplib::Response& res, bool coverage) {
      std::lock_guard<std::mutex> lock(busy);
      std::string body;
      const int status = evaluator.ask(req.body, coverage, body);
      res.status = status;
      res.set_content(body, "application/json; charset=utf-8");
    };
    svr.Post("/api/evaluate", [&](const httplib::Request& q, httplib::Response& r) { handle(q, r, false); });
    svr.Post("/api/coverage", [&](const httplib::Request& q, httplib::Response& r) { handle(q, r, true); });
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      reply(res, 500, {{"error", "internal error"}});
    });
    // SO_REUSEADDR (a restart binds at once) but not httplib's default SO_REUSEPORT, with which a second server
    // would bind the same port and take half of the requests: it gets "in use" instead.
    svr.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    const int port = o->port == 0 ? svr.bind_to_any_port("127.0.0.1") : (svr.bind_to_port("127.0.0.1", o->port) ? o->port : -1);
    if (port < 0) {
      std::cerr << "btlinksim serve: cannot listen on 127.0.0.1:" << o->port << " (in use?); choose another --port\n";
      return 1;
    }
    g_server = &svr;
    std::signal(SIGINT, stop_server);
    std::signal(SIGTERM, stop_server);
    std::printf("btlinksim serve: http://127.0.0.1:%d/ (%s; Ctrl-C stops)\n", port, base.file.c_str());
    std::fflush(stdout);
    const bool ok = svr.listen_after_bind();
    g_server      = nullptr;
    return ok ? 0 : 1;
  };
}

}  // namespace btlinksim::cli
