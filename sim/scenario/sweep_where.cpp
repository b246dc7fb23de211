#include "sim/scenario/sweep_where.hpp"

#include <cctype>
#include <cstdlib>
#include <vector>

namespace btlinksim {

bool split_quantity(const std::string& s, double& v, std::string& unit)
{
  char* end = nullptr;
  v         = std::strtod(s.c_str(), &end);
  if (end == s.c_str())
    return false;
  unit = std::string(end);
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.front())))
    unit.erase(unit.begin());
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back())))
    unit.pop_back();
  return true;
}

struct WhereNode {
  enum class Kind { or_, and_, not_, cmp } kind = Kind::cmp;
  std::vector<std::shared_ptr<const WhereNode>> kids;
  std::string path, op, value;
};

namespace {

using NodeP = std::shared_ptr<const WhereNode>;

// Tokens: '(' ')', comparison operators, quoted text, and words (runs of anything else).
std::vector<std::string> tokenize(const std::string& s, std::string& error)
{
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '(' || c == ')') {
      out.emplace_back(1, c);
      ++i;
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
      const bool two = i + 1 < s.size() && s[i + 1] == '=';
      if ((c == '=' || c == '!') && !two) {
        error = std::string("'") + c + "' alone is not an operator; write == or !=";
        return {};
      }
      out.push_back(s.substr(i, two ? 2 : 1));
      i += two ? 2 : 1;
    } else if (c == '\'' || c == '"') {
      const size_t close = s.find(c, i + 1);
      if (close == std::string::npos) {
        error = "a quote that is not closed";
        return {};
      }
      out.push_back(s.substr(i, close - i + 1));
      i = close + 1;
    } else {
      size_t j = i;
      while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j])) && std::string("()=!<>'\"").find(s[j]) == std::string::npos)
        ++j;
      out.push_back(s.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

bool is_op(const std::string& t)
{
  return t == "==" || t == "!=" || t == "<" || t == "<=" || t == ">" || t == ">=";
}

struct Parser {
  std::vector<std::string> t;
  size_t i = 0;
  std::string error;

  bool at(const std::string& w) const { return i < t.size() && t[i] == w; }
  std::string near() const { return i < t.size() ? "near '" + t[i] + "'" : "at the end"; }

  NodeP list(WhereNode::Kind kind, const std::string& word, NodeP (Parser::*next)())
  {
    NodeP first = (this->*next)();
    if (!first || !at(word))
      return first;
    auto n = std::make_shared<WhereNode>();
    n->kind = kind;
    n->kids.push_back(first);
    while (at(word)) {
      ++i;
      NodeP k = (this->*next)();
      if (!k)
        return nullptr;
      n->kids.push_back(k);
    }
    return n;
  }
  NodeP expr() { return list(WhereNode::Kind::or_, "or", &Parser::conj); }
  NodeP conj() { return list(WhereNode::Kind::and_, "and", &Parser::unary); }
  NodeP unary()
  {
    if (at("not")) {
      ++i;
      NodeP k = unary();
      if (!k)
        return nullptr;
      auto n = std::make_shared<WhereNode>();
      n->kind = WhereNode::Kind::not_;
      n->kids.push_back(k);
      return n;
    }
    if (at("(")) {
      ++i;
      NodeP k = expr();
      if (!k)
        return nullptr;
      if (!at(")")) {
        error = "a ')' is missing " + near();
        return nullptr;
      }
      ++i;
      return k;
    }
    return cmp();
  }
  NodeP cmp()
  {
    if (i >= t.size() || is_op(t[i]) || t[i] == ")" || t[i] == "and" || t[i] == "or") {
      error = "a comparison PATH OP VALUE is expected " + near();
      return nullptr;
    }
    auto n  = std::make_shared<WhereNode>();
    n->path = t[i++];
    if (n->path.find('*') != std::string::npos) {
      error = "'" + n->path + "': a where path names one value; '*' is not allowed";
      return nullptr;
    }
    if (i >= t.size() || !is_op(t[i])) {
      error = "an operator (== != < <= > >=) is expected after '" + n->path + "' " + near();
      return nullptr;
    }
    n->op = t[i++];
    while (i < t.size() && t[i] != "and" && t[i] != "or" && t[i] != ")" && t[i] != "(" && !is_op(t[i]))
      n->value += (n->value.empty() ? "" : " ") + t[i++];
    if (n->value.empty()) {
      error = "a value is expected after '" + n->path + " " + n->op + "' " + near();
      return nullptr;
    }
    if (n->value.size() >= 2 && (n->value.front() == '\'' || n->value.front() == '"'))
      n->value = n->value.substr(1, n->value.size() - 2);
    return n;
  }
};

// A whole number with an optional unit: "20 m", "-3", "0.5 s" (not "20 m wide" or "relay").
bool quantity(const std::string& s, double& v, std::string& unit)
{
  if (!split_quantity(s, v, unit))
    return false;
  for (char c : unit)
    if (std::isspace(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)))
      return false;
  return true;
}

bool eval(const WhereNode& n, const Where::Lookup& lookup, std::string& error)
{
  switch (n.kind) {
    case WhereNode::Kind::or_:
      for (const auto& k : n.kids) {
        const bool v = eval(*k, lookup, error);
        if (!error.empty())
          return false;
        if (v)
          return true;
      }
      return false;
    case WhereNode::Kind::and_:
      for (const auto& k : n.kids) {
        const bool v = eval(*k, lookup, error);
        if (!error.empty() || !v)
          return false;
      }
      return true;
    case WhereNode::Kind::not_: {
      const bool v = eval(*n.kids.front(), lookup, error);
      return error.empty() && !v;
    }
    case WhereNode::Kind::cmp: break;
  }
  const auto got = lookup(n.path, error);
  if (!error.empty())
    return false;
  if (!got) {
    error = "'" + n.path + "' is not in the point's scenario; name a key the scenario has";
    return false;
  }
  double a = 0, b = 0;
  std::string ua, ub;
  const bool qa = quantity(*got, a, ua), qb = quantity(n.value, b, ub);
  if (qa != qb) {  // `duration == relay` compared text and removed every point without saying why
    error = "'" + n.path + "' is " + *got + (qa ? ", a quantity, but " : ", text, but ") + n.value + " is " +
            (qb ? "a quantity" : "text") + "; compare a quantity with a number and unit (duration == 10 min) and text "
            "with a word (topology.kind == relay)";
    return false;
  }
  if (qa && qb) {
    if (ua != ub && !ua.empty() && !ub.empty()) {  // a plain number is in the key's declared unit
      error = "'" + n.path + "' is " + *got + " but is compared with " + n.value + "; give the value in '" + ua + "'";
      return false;
    }
    if (n.op == "==") return a == b;
    if (n.op == "!=") return a != b;
    if (n.op == "<") return a < b;
    if (n.op == "<=") return a <= b;
    if (n.op == ">") return a > b;
    return a >= b;
  }
  if (n.op == "==")
    return *got == n.value;
  if (n.op == "!=")
    return *got != n.value;
  error = "'" + n.path + "' is '" + *got + "' and '" + n.value + "': " + n.op + " needs numbers; text takes == or !=";
  return false;
}

}  // namespace

std::optional<Where> Where::parse(const std::string& text, std::string& error)
{
  Parser p;
  p.t = tokenize(text, error);
  if (!error.empty())
    return std::nullopt;
  if (p.t.empty()) {
    error = "an empty constraint; write e.g. devices.right.position[0] <= 20 m";
    return std::nullopt;
  }
  NodeP root = p.expr();
  if (root && p.i < p.t.size())
    p.error = "unexpected '" + p.t[p.i] + "'; join comparisons with and / or";
  if (!p.error.empty()) {
    error = p.error;
    return std::nullopt;
  }
  Where w;
  w.root_ = root;
  w.text_ = text;
  return w;
}

bool Where::holds(const Lookup& lookup, std::string& error) const
{
  error.clear();
  return eval(*root_, lookup, error);
}

}  // namespace btlinksim
