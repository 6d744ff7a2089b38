// The Prometheus text format of /metrics.
#include <gtest/gtest.h>

#include "core/observability/metrics.hpp"

// Everything of this file in a namespace of its own: the suites compile as a
// unity build, where each file's helpers must not meet another file's (the
// named namespace does what an anonymous one would, without GCC's
// -Wsubobject-linkage warnings for fixtures in included files).
namespace metrics_test {

using namespace rq::core;

TEST(Metrics, CounterRendersWithHelpTypeAndLabels) {
  MetricsRegistry m;
  m.counter("rq_frames_total", "Frames.", {{"direction", "in"}}).inc(3);
  m.counter("rq_frames_total", "Frames.", {{"direction", "out"}}).inc();
  EXPECT_EQ(m.render(),
            "# HELP rq_frames_total Frames.\n"
            "# TYPE rq_frames_total counter\n"
            "rq_frames_total{direction=\"in\"} 3\n"
            "rq_frames_total{direction=\"out\"} 1\n");
}

TEST(Metrics, SameNameAndLabelsIsTheSameSeries) {
  MetricsRegistry m;
  m.gauge("rq_open", "Open.").inc();
  m.gauge("rq_open", "Open.").inc();
  EXPECT_EQ(m.gauge("rq_open", "Open.").value(), 2);
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  MetricsRegistry m;
  auto& h = m.histogram("rq_latency_seconds", "Latency.", {0.001, 0.01});
  h.observe(0.0005);
  h.observe(0.001);  // on the bound: counted in le="0.001"
  h.observe(0.005);
  h.observe(2);
  EXPECT_EQ(m.render(),
            "# HELP rq_latency_seconds Latency.\n"
            "# TYPE rq_latency_seconds histogram\n"
            "rq_latency_seconds_bucket{le=\"0.001\"} 2\n"
            "rq_latency_seconds_bucket{le=\"0.01\"} 3\n"
            "rq_latency_seconds_bucket{le=\"+Inf\"} 4\n"
            "rq_latency_seconds_sum 2.0065\n"
            "rq_latency_seconds_count 4\n");
}

TEST(Metrics, LabelValuesAreEscaped) {
  MetricsRegistry m;
  m.counter("rq_x_total", "X.", {{"path", "a\"b\\c"}}).inc();
  EXPECT_NE(m.render().find("rq_x_total{path=\"a\\\"b\\\\c\"} 1\n"), std::string::npos);
}

TEST(Metrics, ANameKeepsItsKind) {
  MetricsRegistry m;
  m.counter("rq_y", "Y.");
  EXPECT_THROW(m.gauge("rq_y", "Y."), std::logic_error);
}

}  // namespace metrics_test
