// Minimal JSON writer for --json outputs (objects, arrays, numbers, strings, booleans).
#pragma once

#include <cmath>
#include <sstream>
#include <string>

namespace btlinksim {

class JsonWriter {
public:
  JsonWriter& begin_object(const std::string& key = "") { open(key, '{'); return *this; }
  JsonWriter& end_object() { close('}'); return *this; }
  JsonWriter& begin_array(const std::string& key = "") { open(key, '['); return *this; }
  JsonWriter& end_array() { close(']'); return *this; }
  JsonWriter& value(const std::string& key, double v)
  {
    prefix(key);
    if (std::isfinite(v)) {
      std::ostringstream os;
      os.precision(10);
      os << v;
      out_ += os.str();
    } else {
      out_ += "null";
    }
    return *this;
  }
  JsonWriter& value(const std::string& key, const std::string& v) { prefix(key); out_ += quote(v); return *this; }
  JsonWriter& value(const std::string& key, const char* v) { return value(key, std::string(v)); }
  JsonWriter& value(const std::string& key, bool v) { prefix(key); out_ += v ? "true" : "false"; return *this; }
  JsonWriter& value(const std::string& key, int v) { prefix(key); out_ += std::to_string(v); return *this; }
  JsonWriter& value(const std::string& key, long long v) { prefix(key); out_ += std::to_string(v); return *this; }
  const std::string& str() const { return out_; }

  static std::string quote(const std::string& s)
  {
    std::string o = "\"";
    for (char c : s) {
      switch (c) {
        case '"': o += "\\\""; break;
        case '\\': o += "\\\\"; break;
        case '\n': o += "\\n"; break;
        case '\t': o += "\\t"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            o += buf;
          } else {
            o += c;
          }
      }
    }
    return o + "\"";
  }

private:
  void prefix(const std::string& key)
  {
    if (need_comma_)
      out_ += ',';
    if (!key.empty())
      out_ += quote(key) + ':';
    need_comma_ = true;
  }
  void open(const std::string& key, char c)
  {
    prefix(key);
    out_ += c;
    need_comma_ = false;
  }
  void close(char c)
  {
    out_ += c;
    need_comma_ = true;
  }
  std::string out_;
  bool need_comma_ = false;
};

}  // namespace btlinksim
