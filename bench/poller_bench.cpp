// Many keep-alive clients polling at a steady rate, as CI workers poll a job: each of N
// connections sends one request every 1/R seconds (never faster, never bunched up), and the
// latency of every answer is kept. Prints p50, p99 and max, the achieved rate and errors.
//
//   poller_bench URL USER PASSWORD BODY_FILE [--connections 400] [--rate 10] [--seconds 10]
//
// Loopback only, bounded by --seconds. wsman_bench.py runs it against cimdouble and against
// the fixed-response server (the machine's ceiling) in the same run.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <future>
#include <latch>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "http/http_client.h"

int main(int argc, char** argv) {
  CLI::App app{"poller_bench: N keep-alive pollers at R requests/s each"};
  std::string url, user, password, bodyFile;
  int connections = 400;
  double rate = 10;
  double seconds = 10;
  app.add_option("url", url, "http://127.0.0.1:PORT (the /wsman path is added)")->required();
  app.add_option("user", user)->required();
  app.add_option("password", password)->required();
  app.add_option("body", bodyFile, "file with the request body")->required();
  app.add_option("--connections", connections)->check(CLI::Range(1, 2000));
  app.add_option("--rate", rate, "requests per second per connection")->check(CLI::PositiveNumber);
  app.add_option("--seconds", seconds)->check(CLI::Range(0.1, 600.0));
  CLI11_PARSE(app, argc, argv);

  std::ifstream in(bodyFile);
  std::stringstream text;
  text << in.rdbuf();
  const std::string body = text.str();

  using Clock = std::chrono::steady_clock;
  // Every poller connects first; the clock starts when all are connected.
  std::latch connected(connections);
  std::promise<Clock::time_point> startPromise;
  std::shared_future<Clock::time_point> startAt = startPromise.get_future().share();
  const auto length = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  const auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
  std::mutex mutex;
  std::vector<double> latencies;    // microseconds
  std::vector<double> firstAnswers;  // connect and first answer, per connection
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      cimdouble::http::HttpClient client(url, user, password, 30);
      std::vector<double> mine;
      // Connect and send a first request before the clock starts: the figure is the latency
      // of keep-alive polling; connection set-up is reported on its own.
      const auto connecting = Clock::now();
      if (client.post("/wsman", "application/soap+xml;charset=UTF-8", body).status != 200) ++errors;
      const double connectMicros = std::chrono::duration<double, std::micro>(Clock::now() - connecting).count();
      connected.count_down();
      const auto start = startAt.get();
      const auto end = start + length;
      // Spread the pollers over one interval, as independent clients would be.
      auto next = start + interval * c / connections;
      while (next < end) {
        std::this_thread::sleep_until(next);
        const auto sent = Clock::now();
        cimdouble::http::HttpResult r = client.post("/wsman", "application/soap+xml;charset=UTF-8", body);
        mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - sent).count());
        if (r.status != 200) ++errors;
        next += interval;
      }
      std::lock_guard lock(mutex);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
      firstAnswers.push_back(connectMicros);
    });
  }
  connected.wait();
  startPromise.set_value(Clock::now() + std::chrono::milliseconds(50));
  for (std::thread& t : threads) t.join();
  std::sort(latencies.begin(), latencies.end());
  std::sort(firstAnswers.begin(), firstAnswers.end());
  auto at = [&](double q) { return latencies.empty() ? 0.0 : latencies[std::min(latencies.size() - 1, static_cast<std::size_t>(q * latencies.size()))]; };
  std::printf("requests %zu rate %.0f/s p50 %.2f ms p99 %.2f ms max %.2f ms errors %d connect+first answer max %.2f ms\n",
              latencies.size(), latencies.size() / seconds, at(0.5) / 1000, at(0.99) / 1000, at(1.0) / 1000,
              errors.load(), firstAnswers.empty() ? 0.0 : firstAnswers.back() / 1000);
  return errors.load() == 0 ? 0 : 1;
}
