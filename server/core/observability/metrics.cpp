#include "core/observability/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <charconv>
#include <stdexcept>

namespace rq::core {
namespace {

std::string format_value(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  // Shortest text that reads back as the same double: 0.00025, not
  // 0.00025000000000000001.
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::string("NaN");
}

std::string escape_label_value(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string render_labels(const Labels& labels, const std::string& extra_key = {},
                          const std::string& extra_value = {}) {
  if (labels.empty() && extra_key.empty()) return {};
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k + "=\"" + escape_label_value(v) + "\"";
  }
  if (!extra_key.empty()) {
    if (!first) out += ',';
    out += extra_key + "=\"" + extra_value + "\"";
  }
  return out + "}";
}

Labels sorted(Labels labels) {
  std::sort(labels.begin(), labels.end());
  return labels;
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds) : bounds_(std::move(upper_bounds)) {
  std::sort(bounds_.begin(), bounds_.end());
  counts_.assign(bounds_.size() + 1, 0);
}

void Histogram::observe(double v) {
  auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);
  counts_[static_cast<std::size_t>(it - bounds_.begin())]++;
  count_++;
  sum_ += v;
}

MetricsRegistry::Family& MetricsRegistry::family(const std::string& name, Kind kind, const std::string& help) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.kind = kind;
    it->second.help = help;
  } else if (it->second.kind != kind) {
    throw std::logic_error("metric " + name + " registered twice with different kinds");
  }
  return it->second;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& help, Labels labels) {
  auto& slot = family(name, Kind::counter, help).counters[sorted(std::move(labels))];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& help, Labels labels) {
  auto& slot = family(name, Kind::gauge, help).gauges[sorted(std::move(labels))];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                      std::vector<double> upper_bounds, Labels labels) {
  auto& slot = family(name, Kind::histogram, help).histograms[sorted(std::move(labels))];
  if (!slot) slot = std::make_unique<Histogram>(std::move(upper_bounds));
  return *slot;
}

std::string MetricsRegistry::render() const {
  std::string out;
  for (const auto& [name, fam] : families_) {
    out += "# HELP " + name + " " + fam.help + "\n";
    switch (fam.kind) {
      case Kind::counter:
        out += "# TYPE " + name + " counter\n";
        for (const auto& [labels, c] : fam.counters)
          out += name + render_labels(labels) + " " + format_value(c->value()) + "\n";
        break;
      case Kind::gauge:
        out += "# TYPE " + name + " gauge\n";
        for (const auto& [labels, g] : fam.gauges)
          out += name + render_labels(labels) + " " + format_value(g->value()) + "\n";
        break;
      case Kind::histogram:
        out += "# TYPE " + name + " histogram\n";
        for (const auto& [labels, h] : fam.histograms) {
          std::uint64_t cumulative = 0;
          const auto& bounds = h->upper_bounds();
          const auto& counts = h->bucket_counts();
          for (std::size_t i = 0; i < counts.size(); ++i) {
            cumulative += counts[i];
            std::string le = i < bounds.size() ? format_value(bounds[i]) : "+Inf";
            out += name + "_bucket" + render_labels(labels, "le", le) + " " + std::to_string(cumulative) + "\n";
          }
          out += name + "_sum" + render_labels(labels) + " " + format_value(h->sum()) + "\n";
          out += name + "_count" + render_labels(labels) + " " + std::to_string(h->count()) + "\n";
        }
        break;
    }
  }
  return out;
}

std::vector<double> latency_buckets_seconds() {
  return {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
}

}  // namespace rq::core
