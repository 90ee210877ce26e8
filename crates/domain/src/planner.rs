//! The season planner: from a campaign's companies, the contacts each needs, the channel mix (one for all, or
//! per class or per company), a window (weekdays and hours between two dates, local time) and the shoppers with
//! their capacity, it proposes every assignment. Contacts are spread evenly over the weeks and over bands of
//! hours, no shopper gets the same company twice in the campaign, nobody goes over capacity, and the load is
//! balanced (the shopper with the most capacity left is chosen first, which is also what makes the plan succeed
//! whenever one exists). The same input and seed always give the same plan; an impossible plan is refused with
//! the reason. Pure: the server reads the inputs and stores the result.

use std::collections::{BTreeMap, HashSet};

use crate::contact::Channel;
use crate::window::{Date, Hours, Window, WindowProblem};

/// A company to plan for.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanCompany {
    pub id: String,
    pub name: String,
    pub class: String,
    /// Its active assignments already planned (counted against the contacts it needs).
    pub planned: u32,
    /// The shoppers it already has (none of them gets it again).
    pub shoppers: Vec<String>,
}

/// A shopper who can take contacts.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanShopper {
    pub id: String,
    /// The most assignments they take in the campaign (their current ones included); none: no limit.
    pub capacity: Option<u32>,
    /// Their active assignments in the campaign already.
    pub load: u32,
}

/// Shares of the channels: `15/5/5` gives 15 of every 25 contacts by phone, 5 by chat, 5 by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChannelMix {
    pub phone: u32,
    pub chat: u32,
    pub email: u32,
}

impl ChannelMix {
    fn shares(self) -> [(Channel, u32); 3] {
        [
            (Channel::Phone, self.phone),
            (Channel::Chat, self.chat),
            (Channel::Email, self.email),
        ]
    }

    /// `n` contacts split by the shares (largest remainder: the counts add up to `n` and differ from the exact
    /// shares by less than one).
    pub fn split(self, n: u32) -> Vec<(Channel, u32)> {
        let total: u64 = self.shares().iter().map(|(_, s)| u64::from(*s)).sum();
        if total == 0 {
            return vec![];
        }
        let mut counts: Vec<(Channel, u32, u64)> = self
            .shares()
            .iter()
            .map(|&(channel, share)| {
                let exact = u64::from(n) * u64::from(share);
                (channel, (exact / total) as u32, exact % total)
            })
            .collect();
        let mut left = n - counts.iter().map(|(_, c, _)| c).sum::<u32>();
        let mut order: Vec<usize> = (0..counts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(counts[i].2));
        for i in order {
            if left == 0 {
                break;
            }
            counts[i].1 += 1;
            left -= 1;
        }
        counts.into_iter().map(|(c, n, _)| (c, n)).collect()
    }
}

/// Whose mix a name in [`PlanRequest::mixes`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MixBy {
    #[default]
    Class,
    Company,
}

/// What to plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRequest {
    /// Contacts each company gets in all (its planned ones included).
    pub contacts_per_company: u32,
    /// The mix where [`PlanRequest::mixes`] names none.
    pub mix: ChannelMix,
    pub mix_by: MixBy,
    /// Mixes by class or company name (as `mix_by` says).
    pub mixes: BTreeMap<String, ChannelMix>,
    pub window: Window,
    /// The hours are split into bands of about this many minutes (each assignment gets one band).
    pub band_minutes: u16,
    pub seed: u64,
}

/// One proposed assignment: its window is one week of the campaign's window, in one band of its hours; it is
/// due on the window's last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedContact {
    pub company_id: String,
    pub shopper_id: String,
    pub channel: Channel,
    pub window: Window,
    /// Which week of the plan (0 is the first).
    pub week: usize,
}

/// Why no plan can be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanProblem {
    /// Between 1 and [`MAX_CONTACTS_PER_COMPANY`] contacts per company.
    ContactsPerCompany,
    Window(WindowProblem),
    /// The mix (of this class or company, or the default) has no share at all.
    EmptyMix(String),
    /// The hours cannot be split into bands of this length (at least 30 minutes).
    BandMinutes,
    /// Fewer shoppers could take this company than it needs.
    TooFewShoppers {
        company: String,
        needed: u32,
        available: u32,
    },
    /// The shoppers' capacity left is less than the contacts to plan.
    NotEnoughCapacity {
        needed: u64,
        available: u64,
    },
    /// The capacity is there in total, but not spread so that every company gets different shoppers.
    CapacityTooConcentrated {
        company: String,
    },
}

pub const MAX_CONTACTS_PER_COMPANY: u32 = 1000;

/// A small, fast generator (SplitMix64): the plan needs reproducible choices, not secrets.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// The weeks of the window, each as its first and last allowed day.
pub fn weeks(window: &Window) -> Vec<(Date, Date)> {
    let mut weeks: Vec<(Date, Date)> = Vec::new();
    for day in window.days() {
        match weeks.last_mut() {
            Some((first, last)) if first.monday() == day.monday() => *last = day,
            _ => weeks.push((day, day)),
        }
    }
    weeks
}

/// The window's hours in bands of about `minutes` (at least one band; the bands cover the hours exactly).
pub fn bands(hours: Hours, minutes: u16) -> Vec<Hours> {
    let count = (hours.minutes() / minutes.max(1)).max(1);
    (0..count)
        .map(|i| Hours {
            from: hours.from + i * hours.minutes() / count,
            to: hours.from + (i + 1) * hours.minutes() / count,
        })
        .collect()
}

/// Proposes every missing assignment, or says why it cannot.
pub fn plan(
    request: &PlanRequest,
    companies: &[PlanCompany],
    shoppers: &[PlanShopper],
) -> Result<Vec<PlannedContact>, PlanProblem> {
    if !(1..=MAX_CONTACTS_PER_COMPANY).contains(&request.contacts_per_company) {
        return Err(PlanProblem::ContactsPerCompany);
    }
    request.window.check().map_err(PlanProblem::Window)?;
    if request.band_minutes < 30 {
        return Err(PlanProblem::BandMinutes);
    }
    let weeks = weeks(&request.window);
    let bands = bands(request.window.hours, request.band_minutes);
    let slots: Vec<(usize, Hours)> = (0..weeks.len())
        .flat_map(|w| bands.iter().map(move |b| (w, *b)))
        .collect();
    let mut rng = SplitMix64(request.seed);

    // How many each company still needs, and its channels.
    let needs: Vec<u32> = companies
        .iter()
        .map(|c| request.contacts_per_company.saturating_sub(c.planned))
        .collect();
    let mut mixes = Vec::with_capacity(companies.len());
    for (company, &need) in companies.iter().zip(&needs) {
        let key = match request.mix_by {
            MixBy::Class => &company.class,
            MixBy::Company => &company.name,
        };
        let (mix, whose) = match request.mixes.get(key) {
            Some(mix) => (*mix, key.clone()),
            None => (request.mix, String::new()),
        };
        let channels = mix.split(need);
        if need > 0 && channels.is_empty() {
            return Err(PlanProblem::EmptyMix(whose));
        }
        mixes.push(channels);
    }

    // Capacity: what each shopper can still take. No limit counts as room for every contact to plan.
    let total_need: u64 = needs.iter().map(|&n| u64::from(n)).sum();
    let unlimited = u32::try_from(total_need).unwrap_or(u32::MAX);
    let mut room: Vec<u32> = shoppers
        .iter()
        .map(|s| match s.capacity {
            Some(cap) => cap.saturating_sub(s.load),
            None => unlimited,
        })
        .collect();
    let mut load: Vec<u32> = shoppers.iter().map(|s| s.load).collect();
    let available: u64 = room.iter().map(|&r| u64::from(r.min(unlimited))).sum();
    if available < total_need {
        return Err(PlanProblem::NotEnoughCapacity {
            needed: total_need,
            available,
        });
    }
    let taken: Vec<HashSet<&str>> = companies
        .iter()
        .map(|c| c.shoppers.iter().map(String::as_str).collect())
        .collect();
    for (i, company) in companies.iter().enumerate() {
        let can = shoppers
            .iter()
            .zip(&room)
            .filter(|(s, &r)| r > 0 && !taken[i].contains(s.id.as_str()))
            .count() as u32;
        if can < needs[i] {
            return Err(PlanProblem::TooFewShoppers {
                company: company.name.clone(),
                needed: needs[i],
                available: can,
            });
        }
    }

    // The biggest needs first (ties in a seeded order); each company takes the shoppers with the most room
    // left, then the least load. With equal capacities that keeps every load within one of the others.
    let mut order: Vec<usize> = (0..companies.len()).collect();
    rng.shuffle(&mut order);
    order.sort_by_key(|&i| std::cmp::Reverse(needs[i]));
    let tie: Vec<u64> = (0..shoppers.len()).map(|_| rng.next()).collect();
    let mut chosen: Vec<Vec<usize>> = vec![Vec::new(); companies.len()];
    let mut candidates: Vec<usize> = Vec::with_capacity(shoppers.len());
    for &i in &order {
        let need = needs[i] as usize;
        if need == 0 {
            continue;
        }
        candidates.clear();
        candidates.extend(
            (0..shoppers.len())
                .filter(|&s| room[s] > 0 && !taken[i].contains(shoppers[s].id.as_str())),
        );
        if candidates.len() < need {
            return Err(PlanProblem::CapacityTooConcentrated {
                company: companies[i].name.clone(),
            });
        }
        let salt = rng.next();
        candidates.select_nth_unstable_by_key(need - 1, |&s| {
            (std::cmp::Reverse(room[s]), load[s], tie[s] ^ salt)
        });
        let picked = &mut chosen[i];
        picked.extend_from_slice(&candidates[..need]);
        picked.sort_unstable();
        for &s in picked.iter() {
            room[s] -= 1;
            load[s] += 1;
        }
    }

    // Each company's contacts at evenly spaced slots (week by week, band by band) from its own offset, with
    // its channels and shoppers in a seeded order.
    // The offsets go round the companies in their seeded order, so the weeks fill evenly across them too.
    let mut position = vec![0u64; companies.len()];
    for (p, &i) in order.iter().enumerate() {
        position[i] = p as u64;
    }
    let mut planned = Vec::with_capacity(total_need as usize);
    for (i, company) in companies.iter().enumerate() {
        let need = needs[i] as usize;
        if need == 0 {
            continue;
        }
        let mut channels: Vec<Channel> = mixes[i]
            .iter()
            .flat_map(|&(channel, n)| std::iter::repeat_n(channel, n as usize))
            .collect();
        rng.shuffle(&mut channels);
        let mut people = chosen[i].clone();
        rng.shuffle(&mut people);
        let offset = position[i] % need as u64;
        for k in 0..need {
            // (k + offset/need) * slots / need, in whole numbers.
            let slot = ((k as u64 * need as u64 + offset) * slots.len() as u64
                / (need as u64 * need as u64)) as usize;
            let (week, hours) = slots[slot.min(slots.len() - 1)];
            let (first, last) = weeks[week];
            planned.push(PlannedContact {
                company_id: company.id.clone(),
                shopper_id: shoppers[people[k]].id.clone(),
                channel: channels[k],
                window: Window {
                    first,
                    last,
                    weekdays: request.window.weekdays,
                    hours,
                },
                week,
            });
        }
    }
    Ok(planned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::window::Weekdays;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn season_window() -> Window {
        Window {
            first: Date::parse("2026-01-05").unwrap(),
            last: Date::parse("2026-04-03").unwrap(),
            weekdays: Weekdays::WORKDAYS,
            hours: Hours::parse("09-15").unwrap(),
        }
    }

    fn request(contacts: u32, seed: u64) -> PlanRequest {
        PlanRequest {
            contacts_per_company: contacts,
            mix: ChannelMix {
                phone: 15,
                chat: 5,
                email: 5,
            },
            mix_by: MixBy::Class,
            mixes: BTreeMap::new(),
            window: season_window(),
            band_minutes: 120,
            seed,
        }
    }

    fn companies(n: usize, classes: usize) -> Vec<PlanCompany> {
        (0..n)
            .map(|i| PlanCompany {
                id: format!("c{i}"),
                name: format!("Company {i}"),
                class: format!("Class {}", i % classes.max(1)),
                planned: 0,
                shoppers: vec![],
            })
            .collect()
    }

    fn shoppers(n: usize, capacity: Option<u32>) -> Vec<PlanShopper> {
        (0..n)
            .map(|i| PlanShopper {
                id: format!("s{i}"),
                capacity,
                load: 0,
            })
            .collect()
    }

    /// Every rule a plan must keep; panics with the broken one.
    fn assert_keeps_the_rules(
        request: &PlanRequest,
        companies: &[PlanCompany],
        shoppers: &[PlanShopper],
        plan: &[PlannedContact],
    ) {
        let mut per_company: HashMap<&str, Vec<&PlannedContact>> = HashMap::new();
        for contact in plan {
            per_company
                .entry(contact.company_id.as_str())
                .or_default()
                .push(contact);
            assert!(
                contact.window.check_within(&request.window).is_ok(),
                "{contact:?}"
            );
        }
        let week_count = weeks(&request.window).len();
        for company in companies {
            let got = per_company.remove(company.id.as_str()).unwrap_or_default();
            let need = request.contacts_per_company.saturating_sub(company.planned);
            assert_eq!(
                got.len() as u32,
                need,
                "{} gets what it needs",
                company.name
            );
            let mut seen: HashSet<&str> = company.shoppers.iter().map(String::as_str).collect();
            for contact in &got {
                assert!(
                    seen.insert(contact.shopper_id.as_str()),
                    "{} has shopper {} twice",
                    company.name,
                    contact.shopper_id
                );
            }
            let mut by_week = vec![0u32; week_count];
            for contact in &got {
                by_week[contact.week] += 1;
            }
            let (min, max) = (by_week.iter().min().unwrap(), by_week.iter().max().unwrap());
            assert!(
                max - min <= 1,
                "{} spread unevenly over weeks: {by_week:?}",
                company.name
            );
            let mix = request
                .mixes
                .get(&company.class)
                .copied()
                .unwrap_or(request.mix);
            for (channel, n) in mix.split(need) {
                let got = got.iter().filter(|c| c.channel == channel).count() as u32;
                assert_eq!(got, n, "{} by {channel:?}", company.name);
            }
        }
        let mut load: HashMap<&str, u32> = HashMap::new();
        for contact in plan {
            *load.entry(contact.shopper_id.as_str()).or_default() += 1;
        }
        for shopper in shoppers {
            let total = shopper.load + load.get(shopper.id.as_str()).copied().unwrap_or(0);
            if let Some(capacity) = shopper.capacity {
                assert!(
                    total <= capacity.max(shopper.load),
                    "{} over capacity",
                    shopper.id
                );
            }
        }
    }

    #[test]
    fn a_season_of_181_companies_by_25_with_100_shoppers_keeps_every_rule_and_balances_the_load() {
        let request = request(25, 7);
        let (companies, shoppers) = (companies(181, 20), shoppers(100, None));
        let plan = plan(&request, &companies, &shoppers).unwrap();
        assert_eq!(plan.len(), 4525);
        assert_keeps_the_rules(&request, &companies, &shoppers, &plan);
        let mut load: HashMap<&str, u32> = HashMap::new();
        for contact in &plan {
            *load.entry(&contact.shopper_id).or_default() += 1;
        }
        let (min, max) = (load.values().min().unwrap(), load.values().max().unwrap());
        assert_eq!((*min, *max), (45, 46), "4,525 over 100: 45 or 46 each");
        let by_week: Vec<usize> = (0..13)
            .map(|w| plan.iter().filter(|c| c.week == w).count())
            .collect();
        assert!(
            by_week.iter().all(|&n| (345..=356).contains(&n)),
            "about 348 a week: {by_week:?}"
        );
        let morning = plan
            .iter()
            .filter(|c| c.window.hours.from == 9 * 60)
            .count();
        assert!(
            (1400..1620).contains(&morning),
            "a third in the first band: {morning}"
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_plan_and_another_seed_another() {
        let (companies, shoppers) = (companies(20, 3), shoppers(30, Some(20)));
        let a = plan(&request(10, 1), &companies, &shoppers).unwrap();
        let b = plan(&request(10, 1), &companies, &shoppers).unwrap();
        let c = plan(&request(10, 2), &companies, &shoppers).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn an_impossible_plan_says_why() {
        let few = shoppers(24, None);
        assert_eq!(
            plan(&request(25, 1), &companies(2, 1), &few),
            Err(PlanProblem::TooFewShoppers {
                company: "Company 0".into(),
                needed: 25,
                available: 24
            })
        );
        assert_eq!(
            plan(&request(25, 1), &companies(10, 1), &shoppers(30, Some(8))),
            Err(PlanProblem::NotEnoughCapacity {
                needed: 250,
                available: 240
            })
        );
        let mut empty = request(5, 1);
        empty.mix = ChannelMix::default();
        assert_eq!(
            plan(&empty, &companies(1, 1), &shoppers(5, None)),
            Err(PlanProblem::EmptyMix(String::new()))
        );
        let mut reversed = request(5, 1);
        reversed.window.last = Date::parse("2025-01-01").unwrap();
        assert_eq!(
            plan(&reversed, &companies(1, 1), &shoppers(5, None)),
            Err(PlanProblem::Window(WindowProblem::EndsBeforeStart))
        );
        assert_eq!(
            plan(&request(0, 1), &companies(1, 1), &shoppers(5, None)),
            Err(PlanProblem::ContactsPerCompany)
        );
        // 3 companies x 2 contacts = 6 = capacity 4 + 1 + 1, but the shopper with 4 can visit only 3 companies.
        let skewed = vec![
            PlanShopper {
                id: "a".into(),
                capacity: Some(4),
                load: 0,
            },
            PlanShopper {
                id: "b".into(),
                capacity: Some(1),
                load: 0,
            },
            PlanShopper {
                id: "c".into(),
                capacity: Some(1),
                load: 0,
            },
        ];
        assert!(matches!(
            plan(&request(2, 1), &companies(3, 1), &skewed),
            Err(PlanProblem::CapacityTooConcentrated { .. })
        ));
    }

    #[test]
    fn planned_contacts_count_and_their_shoppers_are_not_sent_again() {
        let mut companies = companies(3, 1);
        companies[0].planned = 2;
        companies[0].shoppers = vec!["s0".into(), "s1".into()];
        companies[1].planned = 5;
        let mut shoppers = shoppers(6, Some(3));
        shoppers[0].load = 3;
        let request = request(5, 9);
        let plan = plan(&request, &companies, &shoppers).unwrap();
        assert_eq!(plan.len(), 3 + 5);
        assert!(plan.iter().all(|c| c.shopper_id != "s0"), "s0 is full");
        assert_keeps_the_rules(&request, &companies, &shoppers, &plan);
    }

    #[test]
    fn a_class_gets_its_own_mix() {
        let mut request = request(10, 3);
        request.mixes.insert(
            "Class 1".into(),
            ChannelMix {
                phone: 0,
                chat: 1,
                email: 0,
            },
        );
        let companies = companies(4, 2);
        let plan = plan(&request, &companies, &shoppers(12, None)).unwrap();
        assert!(plan
            .iter()
            .filter(|c| c.company_id == "c1" || c.company_id == "c3")
            .all(|c| c.channel == Channel::Chat));
        assert_keeps_the_rules(&request, &companies, &shoppers(12, None), &plan);
    }

    #[test]
    fn hours_split_into_bands_that_cover_them() {
        let bands = bands(Hours::parse("09-15").unwrap(), 120);
        let texts: Vec<String> = bands.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["09:00-11:00", "11:00-13:00", "13:00-15:00"]);
        assert_eq!(super::bands(Hours::parse("09-10").unwrap(), 120).len(), 1);
        assert_eq!(weeks(&season_window()).len(), 13);
    }

    /// Whether any plan exists for equal needs `k` and no earlier assignments (Gale-Ryser: for every number
    /// `j` of companies, their contacts fit in what the shoppers can give `j` different companies).
    fn feasible(companies: usize, k: u32, capacities: &[u32]) -> bool {
        (1..=companies as u64).all(|j| {
            j * u64::from(k) <= capacities.iter().map(|&c| u64::from(c).min(j)).sum::<u64>()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn every_plan_keeps_the_rules_and_a_refusal_means_none_was_possible(
            company_count in 1usize..25,
            classes in 1usize..4,
            k in 1u32..12,
            capacities in proptest::collection::vec(proptest::option::weighted(0.8, 0u32..15), 1..30),
            seed in any::<u64>(),
            weeks_long in 0i64..40,
            band in 30u16..300,
            mix in (0u32..5, 0u32..5, 1u32..5),
        ) {
            let mut request = request(k, seed);
            request.window.last = request.window.first.add_days(weeks_long * 7 / 3);
            request.band_minutes = band;
            request.mix = ChannelMix { phone: mix.0, chat: mix.1, email: mix.2 };
            let companies = companies(company_count, classes);
            let shoppers: Vec<PlanShopper> = capacities
                .iter()
                .enumerate()
                .map(|(i, &capacity)| PlanShopper { id: format!("s{i}"), capacity, load: 0 })
                .collect();
            let limits: Vec<u32> = capacities.iter().map(|c| c.unwrap_or(u32::MAX)).collect();
            match plan(&request, &companies, &shoppers) {
                Ok(plan) => {
                    assert_keeps_the_rules(&request, &companies, &shoppers, &plan);
                    if capacities.iter().all(|c| c.is_none()) {
                        let mut load = vec![0u32; shoppers.len()];
                        for c in &plan {
                            load[c.shopper_id[1..].parse::<usize>().unwrap()] += 1;
                        }
                        let (min, max) = (load.iter().min().unwrap(), load.iter().max().unwrap());
                        prop_assert!(max - min <= 1, "balanced: {load:?}");
                    }
                }
                Err(PlanProblem::Window(_)) => prop_assert!(request.window.check().is_err()),
                Err(problem) => prop_assert!(
                    !feasible(company_count, k, &limits),
                    "refused ({problem:?}) though a plan exists"
                ),
            }
        }
    }
}
