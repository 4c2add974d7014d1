// What the digitalocean provider does for one attempt: list the droplets (by tag,
// every page) and take each one's address of the type asked for.
#pragma once

#include <joinery/plugin.hpp>
#include "cloud_provider.hpp"
#include "digitalocean_settings.hpp"
#include "json_api.hpp"

namespace joinery::digitalocean {

// Adds the addresses of one page of droplets (a GET /v2/droplets answer) to `found`;
// true when another page follows. Throws sdk::Error for an answer of another shape.
bool read_droplet_page(const cloud::JsonAnswer &answer, const DigitalOceanSettings &settings,
                       cloud::Found &found);

// GET /v2/droplets?page=N&per_page=200[&tag_name=T] with the token as a Bearer, page
// after page while links.pages.next is given. Throws sdk::Error.
cloud::Found discover_digitalocean(const DigitalOceanSettings &settings,
                                   const sdk::CallBounds &interruption);

}  // namespace joinery::digitalocean
