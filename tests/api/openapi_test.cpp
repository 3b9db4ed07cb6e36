// The OpenAPI document against the routes a real HttpApi sets up: the same (method, path) pairs
// both ways, every $ref resolving, every path parameter declared, operation ids unique.
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "support/temp_dir.h"
#include "vouchd/api/http_api.h"
#include "vouchd/metrics/metrics.h"

namespace vouchd::api {
namespace {

using nlohmann::json;

json document() {
  const json doc = json::parse(openapi_document(), nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << "openapi.json is not JSON";
  return doc;
}

std::string upper(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Every "$ref" in `node`, as JSON pointers into the document.
void collect_refs(const json& node, std::set<std::string>& refs) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) refs.insert(value.get<std::string>());
      collect_refs(value, refs);
    }
  } else if (node.is_array()) {
    for (const json& v : node)
      collect_refs(v, refs);
  }
}

const json& resolve(const json& doc, const json& node) {
  if (node.is_object() && node.contains("$ref")) {
    return doc.at(json::json_pointer(node["$ref"].get<std::string>().substr(1)));
  }
  return node;
}

TEST(OpenApi, DocumentIsOpenApi3) {
  const json doc = document();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.value("openapi", ""), "3.0.3");
  EXPECT_TRUE(doc.contains("info") && doc["info"].contains("title") &&
              doc["info"].contains("version"));
  ASSERT_TRUE(doc.contains("paths") && doc["paths"].is_object());
}

TEST(OpenApi, DocumentedRoutesAreExactlyTheServedOnes) {
  testing::TempDir dir;
  auto store = store::Store::open(dir.file("api.db"), true);
  ASSERT_TRUE(store) << store.error().message;
  std::mutex mutex;
  metrics::Metrics metrics{[] { return metrics::SnapshotState{}; }};
  HttpApi api{**store,
              mutex,
              [](const store::Zone&, const store::Committed&) {},
              [] { return true; },
              [](const store::Zone&, ZoneEvent) {},
              metrics};
  api.bind(HttpOptions{});
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& route : api.routes())
    served.insert(route);

  const json doc = document();
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      documented.emplace(upper(method), path);
    }
  }
  for (const auto& r : served) {
    EXPECT_TRUE(documented.contains(r))
        << r.first << " " << r.second << " is served but not documented";
  }
  for (const auto& r : documented) {
    EXPECT_TRUE(served.contains(r))
        << r.first << " " << r.second << " is documented but not served";
  }
  api.stop();
}

TEST(OpenApi, ReferencesResolveAndPathParametersAreDeclared) {
  const json doc = document();
  std::set<std::string> refs;
  collect_refs(doc, refs);
  for (const std::string& ref : refs) {
    ASSERT_EQ(ref.rfind("#/", 0), 0U) << ref;
    EXPECT_TRUE(doc.contains(json::json_pointer(ref.substr(1)))) << ref << " does not resolve";
  }
  std::set<std::string> ids;
  const std::regex param{R"(\{([a-z_]+)\})"};
  for (const auto& [path, item] : doc["paths"].items()) {
    std::set<std::string> in_path;
    for (std::sregex_iterator it{path.begin(), path.end(), param}, end; it != end; ++it) {
      in_path.insert((*it)[1]);
    }
    for (const auto& [method, operation] : item.items()) {
      EXPECT_TRUE(operation.contains("operationId")) << method << " " << path;
      EXPECT_TRUE(ids.insert(operation.value("operationId", "")).second)
          << "operationId given twice: " << operation.value("operationId", "");
      EXPECT_FALSE(operation.value("responses", json::object()).empty()) << method << " " << path;
      std::set<std::string> declared;
      for (const json& p : operation.value("parameters", json::array())) {
        const json& real = resolve(doc, p);
        if (real.value("in", "") == "path") declared.insert(real.value("name", ""));
      }
      EXPECT_EQ(declared, in_path) << method << " " << path;
    }
  }
}

}  // namespace
}  // namespace vouchd::api
