// The OpenAPI document (api/http/openapi.json), compiled in.
#include "embedded.h"
#include "vouchd/api/http_api.h"

namespace vouchd::api {

std::string_view openapi_document() {
  return embedded_api_documents().front().text;
}

}  // namespace vouchd::api
